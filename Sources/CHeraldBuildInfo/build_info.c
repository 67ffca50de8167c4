#include "build_info.h"

// `make dist` writes herald_commit.h (#define HERALD_COMMIT "…") into a folder on the include path of its own
// build; no other build has that header.
#if __has_include(<herald_commit.h>)
#include <herald_commit.h>
#endif
#ifndef HERALD_COMMIT
#define HERALD_COMMIT ""
#endif

#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wc23-extensions"
static const char version[] = {
#embed "../../VERSION"
    , 0};
#pragma clang diagnostic pop

const char *herald_build_version(void) { return version; }

const char *herald_build_commit(void) { return HERALD_COMMIT; }
