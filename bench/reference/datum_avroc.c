/* Binary datum work in avro-c (Debian libavro-dev), on the same schema and JSON datum as `herald-bench datum`:
 *   encode  avro_value_write of one prebuilt generic value into a reused memory writer over a reused buffer
 *   decode  avro_value_read into a new generic value each time (avro_generic_value_new … avro_value_decref)
 *   skip    avro_skip_data over the encoded bytes (checks lengths, builds nothing)
 * Each operation: 1,000 warm-up runs, then batches grown 4× until one lasts SECONDS/4 of thread CPU time, then one
 * timed batch sized to last SECONDS. Prints one JSON object per operation, as herald-bench does, with avro-c's own
 * allocations per operation (counted through avro_set_allocator). With a third argument, writes the encoded bytes
 * there as hex so the suite can check that they equal Herald's.
 *
 * The JSON datum is read with jansson (avro-c has no JSON-to-value reader in its generic API). It is plain JSON,
 * as Herald's reader takes it: a union value is matched to the first branch whose type fits the JSON value, and a
 * bytes or fixed value is a string of code points 0–255. */
#include <avro.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long allocations;

static void *counting_allocator(void *user_data, void *ptr, size_t osize, size_t nsize) {
    (void)user_data;
    (void)osize;
    if (nsize == 0) {
        free(ptr);
        return NULL;
    }
    allocations++;
    return realloc(ptr, nsize);
}

static double cpu_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void fail(const char *what) {
    fprintf(stderr, "datum_avroc: %s: %s\n", what, avro_strerror());
    exit(1);
}

static avro_schema_t resolved(avro_schema_t schema) {
    while (avro_typeof(schema) == AVRO_LINK) schema = avro_schema_link_target(schema);
    return schema;
}

/* A JSON string of code points 0–255 as raw bytes (jansson hands it over as UTF-8). */
static size_t latin1_bytes(const char *text, size_t length, char *out) {
    size_t n = 0;
    for (size_t i = 0; i < length; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c < 0x80) {
            out[n++] = (char)c;
        } else if ((c & 0xE0) == 0xC0 && c <= 0xC3 && i + 1 < length) {
            out[n++] = (char)(((c & 0x03) << 6) | ((unsigned char)text[i + 1] & 0x3F));
            i++;
        } else {
            fprintf(stderr, "datum_avroc: a bytes value holds a code point above 255\n");
            exit(1);
        }
    }
    return n;
}

static int fits(avro_schema_t schema, json_t *json) {
    switch (avro_typeof(resolved(schema))) {
    case AVRO_NULL: return json_is_null(json);
    case AVRO_BOOLEAN: return json_is_boolean(json);
    case AVRO_INT32: case AVRO_INT64: return json_is_integer(json);
    case AVRO_FLOAT: case AVRO_DOUBLE: return json_is_number(json);
    case AVRO_STRING: case AVRO_BYTES: case AVRO_ENUM: case AVRO_FIXED: return json_is_string(json);
    case AVRO_RECORD: case AVRO_MAP: return json_is_object(json);
    case AVRO_ARRAY: return json_is_array(json);
    default: return 0;
    }
}

static void fill(avro_value_t *value, json_t *json) {
    avro_schema_t schema = resolved(avro_value_get_schema(value));
    switch (avro_value_get_type(value)) {
    case AVRO_NULL:
        if (avro_value_set_null(value)) fail("null");
        break;
    case AVRO_BOOLEAN:
        if (avro_value_set_boolean(value, json_is_true(json))) fail("boolean");
        break;
    case AVRO_INT32:
        if (avro_value_set_int(value, (int32_t)json_integer_value(json))) fail("int");
        break;
    case AVRO_INT64:
        if (avro_value_set_long(value, (int64_t)json_integer_value(json))) fail("long");
        break;
    case AVRO_FLOAT:
        if (avro_value_set_float(value, (float)json_number_value(json))) fail("float");
        break;
    case AVRO_DOUBLE:
        if (avro_value_set_double(value, json_number_value(json))) fail("double");
        break;
    case AVRO_STRING:
        if (avro_value_set_string_len(value, json_string_value(json), json_string_length(json) + 1)) fail("string");
        break;
    case AVRO_BYTES:
    case AVRO_FIXED: {
        char *raw = malloc(json_string_length(json) + 1);
        size_t n = latin1_bytes(json_string_value(json), json_string_length(json), raw);
        int rc = avro_value_get_type(value) == AVRO_BYTES ? avro_value_set_bytes(value, raw, n)
                                                          : avro_value_set_fixed(value, raw, n);
        if (rc) fail("bytes");
        free(raw);
        break;
    }
    case AVRO_ENUM: {
        int index = avro_schema_enum_get_by_name(schema, json_string_value(json));
        if (index < 0 || avro_value_set_enum(value, index)) fail("enum");
        break;
    }
    case AVRO_RECORD: {
        const char *key;
        json_t *field_json;
        json_object_foreach(json, key, field_json) {
            avro_value_t field;
            if (avro_value_get_by_name(value, key, &field, NULL)) fail(key);
            fill(&field, field_json);
        }
        break;
    }
    case AVRO_ARRAY: {
        size_t i;
        json_t *item_json;
        json_array_foreach(json, i, item_json) {
            avro_value_t item;
            if (avro_value_append(value, &item, NULL)) fail("array item");
            fill(&item, item_json);
        }
        break;
    }
    case AVRO_MAP: {
        const char *key;
        json_t *entry_json;
        json_object_foreach(json, key, entry_json) {
            avro_value_t entry;
            if (avro_value_add(value, key, &entry, NULL, NULL)) fail("map entry");
            fill(&entry, entry_json);
        }
        break;
    }
    case AVRO_UNION: {
        size_t branches = avro_schema_union_size(schema);
        for (size_t b = 0; b < branches; b++) {
            if (!fits(avro_schema_union_branch(schema, (int)b), json)) continue;
            avro_value_t branch;
            if (avro_value_set_branch(value, (int)b, &branch)) fail("union");
            fill(&branch, json);
            return;
        }
        fprintf(stderr, "datum_avroc: no union branch fits a JSON value\n");
        exit(1);
    }
    default:
        fprintf(stderr, "datum_avroc: unexpected schema type\n");
        exit(1);
    }
}

static char *read_file(const char *path, size_t *size) {
    FILE *file = fopen(path, "rb");
    if (!file) { perror(path); exit(1); }
    fseek(file, 0, SEEK_END);
    long length = ftell(file);
    fseek(file, 0, SEEK_SET);
    char *text = malloc((size_t)length + 1);
    if (!text || fread(text, 1, (size_t)length, file) != (size_t)length) { fprintf(stderr, "cannot read %s\n", path); exit(1); }
    fclose(file);
    text[length] = 0;
    *size = (size_t)length;
    return text;
}

enum operation { ENCODE, DECODE, SKIP };

struct state {
    avro_schema_t schema;
    avro_value_iface_t *iface;
    avro_value_t value;
    avro_writer_t writer;
    avro_reader_t reader;
    const char *bytes;
    int64_t size;
};

static long run(struct state *s, enum operation op, long iterations) {
    long sink = 0;
    for (long i = 0; i < iterations; i++) {
        switch (op) {
        case ENCODE:
            avro_writer_reset(s->writer);
            if (avro_value_write(s->writer, &s->value)) fail("encode");
            sink += avro_writer_tell(s->writer);
            break;
        case DECODE: {
            avro_value_t decoded;
            avro_reader_memory_set_source(s->reader, s->bytes, s->size);
            if (avro_generic_value_new(s->iface, &decoded)) fail("new value");
            if (avro_value_read(s->reader, &decoded)) fail("decode");
            size_t fields = 0;
            avro_value_get_size(&decoded, &fields);
            sink += (long)fields;
            avro_value_decref(&decoded);
            break;
        }
        case SKIP:
            avro_reader_memory_set_source(s->reader, s->bytes, s->size);
            if (avro_skip_data(s->reader, s->schema)) fail("skip");
            sink += 1;
            break;
        }
    }
    return sink;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s SCHEMA.avsc DATUM.json [SECONDS] [HEX-OUT]\n", argv[0]);
        return 2;
    }
    double seconds = argc > 3 ? atof(argv[3]) : 1.0;
    avro_set_allocator(counting_allocator, NULL);

    size_t schema_size, datum_size;
    char *schema_text = read_file(argv[1], &schema_size);
    char *datum_text = read_file(argv[2], &datum_size);
    struct state s;
    if (avro_schema_from_json_length(schema_text, schema_size, &s.schema)) fail("schema");
    json_error_t json_error;
    json_t *json = json_loadb(datum_text, datum_size, 0, &json_error);
    if (!json) { fprintf(stderr, "datum_avroc: %s: %s\n", argv[2], json_error.text); return 1; }
    s.iface = avro_generic_class_from_schema(s.schema);
    if (!s.iface || avro_generic_value_new(s.iface, &s.value)) fail("generic class");
    fill(&s.value, json);

    static char buffer[65536];
    s.writer = avro_writer_memory(buffer, sizeof buffer);
    if (avro_value_write(s.writer, &s.value)) fail("encode");
    s.size = avro_writer_tell(s.writer);
    s.bytes = buffer;
    char *copy = malloc((size_t)s.size);
    memcpy(copy, buffer, (size_t)s.size);
    s.bytes = copy;
    s.reader = avro_reader_memory(s.bytes, s.size);
    if (argc > 4) {
        FILE *hex = fopen(argv[4], "w");
        if (!hex) { perror(argv[4]); return 1; }
        for (int64_t i = 0; i < s.size; i++) fprintf(hex, "%02x", (unsigned char)s.bytes[i]);
        fprintf(hex, "\n");
        fclose(hex);
    }

    const char *names[] = {"encode", "decode", "skip"};
    long sink = 0;
    for (int op = ENCODE; op <= SKIP; op++) {
        sink += run(&s, (enum operation)op, 1000);
        long iterations = 1000;
        double elapsed;
        for (;;) {
            double start = cpu_seconds();
            sink += run(&s, (enum operation)op, iterations);
            elapsed = cpu_seconds() - start;
            if (elapsed >= seconds / 4) break;
            iterations *= 4;
        }
        long total = (long)((double)iterations * seconds / (elapsed > 1e-9 ? elapsed : 1e-9));
        long before = allocations;
        double start = cpu_seconds();
        sink += run(&s, (enum operation)op, total);
        double nanoseconds = (cpu_seconds() - start) * 1e9;
        printf("{\"area\":\"datum\",\"op\":\"%s\",\"ops_per_sec\":%.0f,\"ns_per_op\":%.1f,\"allocations_per_op\":%.2f,\"bytes\":%lld}\n",
               names[op], (double)total / (nanoseconds / 1e9), nanoseconds / (double)total,
               (double)(allocations - before) / (double)total, (long long)s.size);
    }
    if (sink == 42) printf("\n");
    return 0;
}
