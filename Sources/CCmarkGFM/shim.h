// GitHub's CommonMark implementation and its extensions (tables, autolinks, strikethrough), from Debian's packages.
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
