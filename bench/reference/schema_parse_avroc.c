/* Schema parsing in avro-c (Debian libavro-dev): avro_schema_from_json_length over the same schema texts as
 * `herald-bench parse --emit`, which writes them NUL-separated. Whole rounds for HERALD_BENCH_SECONDS (default 3)
 * of process CPU time after one warm-up round; prints schemas/s and µs per schema.
 * avro-c keeps no positions and reports only the first error, so it does less work than Herald's parser. */
#include <avro.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double cpu_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s TEXTS (NUL-separated schema texts)\n", argv[0]);
        return 2;
    }
    FILE *file = fopen(argv[1], "rb");
    if (!file) { perror(argv[1]); return 1; }
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    fseek(file, 0, SEEK_SET);
    char *blob = malloc((size_t)size + 1);
    if (!blob || fread(blob, 1, (size_t)size, file) != (size_t)size) { fprintf(stderr, "cannot read %s\n", argv[1]); return 1; }
    fclose(file);
    blob[size] = 0;

    size_t count = 0, capacity = 1024;
    const char **texts = malloc(capacity * sizeof *texts);
    size_t *lengths = malloc(capacity * sizeof *lengths);
    for (long i = 0; i < size;) {
        size_t length = strlen(blob + i);
        if (count == capacity) {
            capacity *= 2;
            texts = realloc(texts, capacity * sizeof *texts);
            lengths = realloc(lengths, capacity * sizeof *lengths);
        }
        texts[count] = blob + i;
        lengths[count] = length;
        count++;
        i += (long)length + 1;
    }
    const char *limit_text = getenv("HERALD_BENCH_SECONDS");
    double limit = limit_text ? atof(limit_text) : 3.0;

    long rounds = -1; /* the first round is the warm-up */
    double start = 0;
    do {
        if (rounds == 0) start = cpu_seconds();
        for (size_t i = 0; i < count; i++) {
            avro_schema_t schema;
            if (avro_schema_from_json_length(texts[i], lengths[i], &schema) != 0) {
                fprintf(stderr, "avro-c rejects schema %zu: %s\n", i, avro_strerror());
                return 1;
            }
            avro_schema_decref(schema);
        }
        rounds++;
    } while (rounds <= 0 || cpu_seconds() - start < limit);
    double elapsed = cpu_seconds() - start;
    printf("avroc_parse_schemas_per_second=%ld\n", (long)((double)(count * rounds) / elapsed));
    printf("avroc_parse_us_per_schema=%.2f\n", elapsed / (double)(count * rounds) * 1e6);
    return 0;
}
