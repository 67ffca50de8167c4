/* Broker throughput through librdkafka's C API, without a Python loop in the way.
 *
 *   rdkafka-bench version
 *   rdkafka-bench produce BOOTSTRAP TOPIC COUNT SIZE
 *   rdkafka-bench produce-file BOOTSTRAP TOPIC COUNT FILE
 *   rdkafka-bench consume BOOTSTRAP TOPIC COUNT SIZE
 *   rdkafka-bench latency BOOTSTRAP TOPIC RATE SECONDS SIZE
 *
 * produce: COUNT records of SIZE bytes to partition 0 with acks=all and the settings the Python bench uses
 * (linger.ms=5, a 1,000,000-record queue); wall time from the first produce call to the last delivery report.
 * produce-file: the same with every value the bytes of FILE (e.g. a Confluent-framed Avro record).
 * consume: a fresh consumer assigned to partition 0 from offset 0 reads COUNT records; wall time from the first
 * record to the COUNTth, with the prefetch queue sized to the backlog as the Python bench does.
 * latency: end-to-end latency at a steady RATE records/s for SECONDS, as the Python bench measures it (acks=all,
 * linger.ms=0, a consumer at the log end with fetch.wait.max.ms=500): each record carries its send time, the
 * consumer's receive time minus it is one sample; prints p50 and p99 in ms.
 * Each prints one line of key=value pairs (produce and consume include the process's own CPU seconds, librdkafka's
 * threads included) and exits 0, or prints the reason on stderr and exits 1. Every step is bounded in time.
 */
#include <librdkafka/rdkafka.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define STEP_TIMEOUT_S 120.0

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_s(void) {
    struct rusage usage;
    if (getrusage(RUSAGE_SELF, &usage) != 0) return -1;
    return (double)usage.ru_utime.tv_sec + (double)usage.ru_utime.tv_usec / 1e6 +
           (double)usage.ru_stime.tv_sec + (double)usage.ru_stime.tv_usec / 1e6;
}

static int set(rd_kafka_conf_t *conf, const char *name, const char *value) {
    char err[512];
    if (rd_kafka_conf_set(conf, name, value, err, sizeof err) != RD_KAFKA_CONF_OK) {
        fprintf(stderr, "config %s=%s: %s\n", name, value, err);
        return -1;
    }
    return 0;
}

struct delivery {
    long delivered;
    long failed;
    double last;
    char first_error[256];
};

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *msg, void *opaque) {
    (void)rk;
    struct delivery *d = opaque;
    if (msg->err) {
        if (d->failed++ == 0) snprintf(d->first_error, sizeof d->first_error, "%s", rd_kafka_err2str(msg->err));
    } else {
        d->delivered++;
    }
    d->last = now_s();
}

static int produce_payload(const char *bootstrap, const char *topic, long count, char *payload, long size);

static int produce(const char *bootstrap, const char *topic, long count, long size) {
    char *payload = malloc((size_t)size);
    if (!payload) return 1;
    for (long i = 0; i < size; i++) payload[i] = (char)('a' + (i * 7 + 3) % 26);
    int status = produce_payload(bootstrap, topic, count, payload, size);
    free(payload);
    return status;
}

static int produce_file(const char *bootstrap, const char *topic, long count, const char *path) {
    FILE *file = fopen(path, "rb");
    if (!file) {
        fprintf(stderr, "cannot open %s\n", path);
        return 1;
    }
    char *payload = malloc(1000000);
    if (!payload) return 1;
    long size = (long)fread(payload, 1, 1000000, file);
    fclose(file);
    if (size <= 0) {
        fprintf(stderr, "%s is empty\n", path);
        return 1;
    }
    int status = produce_payload(bootstrap, topic, count, payload, size);
    free(payload);
    return status;
}

static int produce_payload(const char *bootstrap, const char *topic, long count, char *payload, long size) {
    struct delivery d = {0};
    char err[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    if (set(conf, "bootstrap.servers", bootstrap) || set(conf, "acks", "all") || set(conf, "linger.ms", "5") ||
        set(conf, "queue.buffering.max.messages", "1000000"))
        return 1;
    rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
    rd_kafka_conf_set_opaque(conf, &d);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (!rk) {
        fprintf(stderr, "producer: %s\n", err);
        return 1;
    }

    double start = now_s();
    double deadline = start + STEP_TIMEOUT_S;
    char key[24];
    for (long i = 0; i < count; i++) {
        int key_len = snprintf(key, sizeof key, "%ld", i);
        for (;;) {
            rd_kafka_resp_err_t e = rd_kafka_producev(
                rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_PARTITION(0), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                RD_KAFKA_V_VALUE(payload, (size_t)size), RD_KAFKA_V_KEY(key, (size_t)key_len), RD_KAFKA_V_END);
            if (e == RD_KAFKA_RESP_ERR_NO_ERROR) break;
            if (e != RD_KAFKA_RESP_ERR__QUEUE_FULL || now_s() > deadline) {
                fprintf(stderr, "produce %ld: %s\n", i, rd_kafka_err2str(e));
                return 1;
            }
            rd_kafka_poll(rk, 10);
        }
        if (i % 1000 == 0) rd_kafka_poll(rk, 0);
    }
    while (d.delivered + d.failed < count && now_s() < deadline) rd_kafka_poll(rk, 50);
    double cpu = cpu_s();
    if (d.delivered < count) {
        fprintf(stderr, "produce: %ld of %ld delivered, %ld failed (first: %s)\n", d.delivered, count, d.failed,
                d.failed ? d.first_error : "none");
        return 1;
    }
    double elapsed = d.last - start;
    printf("records=%ld seconds=%.6f msgs_per_s=%.0f mb_per_s=%.2f cpu_s=%.3f\n", count, elapsed, count / elapsed,
           (double)count * (double)size / elapsed / 1e6, cpu);
    rd_kafka_destroy(rk);
    return 0;
}

static int consume(const char *bootstrap, const char *topic, long count, long size) {
    char err[512], group[64], queued_min[32], queued_kb[32];
    snprintf(group, sizeof group, "cbench-%.0f", now_s() * 1e9);
    /* The prefetch queue holds the whole backlog: librdkafka otherwise stops fetching for fetch.queue.backoff.ms
     * (1 s) once it holds queued.min.messages, which a fast broker reaches (see docs/broker.md). */
    long kbytes = count * (size + 128) / 1024;
    if (kbytes < 65536) kbytes = 65536;
    if (kbytes > 2097151) kbytes = 2097151;
    snprintf(queued_min, sizeof queued_min, "%ld", count > 100000 ? count : 100000);
    snprintf(queued_kb, sizeof queued_kb, "%ld", kbytes);
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    if (set(conf, "bootstrap.servers", bootstrap) || set(conf, "group.id", group) ||
        set(conf, "enable.auto.commit", "false") || set(conf, "auto.offset.reset", "earliest") ||
        set(conf, "queued.min.messages", queued_min) || set(conf, "queued.max.messages.kbytes", queued_kb))
        return 1;
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
    if (!rk) {
        fprintf(stderr, "consumer: %s\n", err);
        return 1;
    }
    rd_kafka_poll_set_consumer(rk);
    rd_kafka_topic_partition_list_t *parts = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(parts, topic, 0)->offset = 0;
    rd_kafka_resp_err_t e = rd_kafka_assign(rk, parts);
    rd_kafka_topic_partition_list_destroy(parts);
    if (e) {
        fprintf(stderr, "assign: %s\n", rd_kafka_err2str(e));
        return 1;
    }
    double assigned = now_s();
    double deadline = assigned + STEP_TIMEOUT_S;
    double first = 0, last = 0;
    long got = 0, wrong_size = 0;
    int64_t next_offset = 0;
    while (got < count && now_s() < deadline) {
        rd_kafka_message_t *msg = rd_kafka_consumer_poll(rk, 100);
        if (!msg) continue;
        if (msg->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
            if (msg->offset != next_offset) {
                fprintf(stderr, "consume: offset %" PRId64 " where %" PRId64 " was next\n", msg->offset, next_offset);
                return 1;
            }
            next_offset++;
            if ((long)msg->len != size) wrong_size++;
            if (got++ == 0) first = now_s();
            if (got == count) last = now_s();
        } else if (msg->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            fprintf(stderr, "consume: %s\n", rd_kafka_message_errstr(msg));
        }
        rd_kafka_message_destroy(msg);
    }
    double cpu = cpu_s();
    if (got < count) {
        fprintf(stderr, "consume stalled at %ld/%ld\n", got, count);
        return 1;
    }
    if (wrong_size) {
        fprintf(stderr, "consume: %ld records were not %ld bytes\n", wrong_size, size);
        return 1;
    }
    double elapsed = last - first;
    printf("records=%ld seconds=%.6f msgs_per_s=%.0f mb_per_s=%.2f cpu_s=%.3f first_record_s=%.6f\n", count, elapsed,
           count / elapsed, (double)count * (double)size / elapsed / 1e6, cpu, first - assigned);
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
    return 0;
}

static int compare_doubles(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int latency(const char *bootstrap, const char *topic, long rate, long seconds, long size) {
    char err[512], group[64];
    if (size < 20) {
        fprintf(stderr, "latency: SIZE must be at least 20 (the send time is written into the value)\n");
        return 1;
    }
    snprintf(group, sizeof group, "clat-%.0f", now_s() * 1e9);
    rd_kafka_conf_t *cconf = rd_kafka_conf_new();
    if (set(cconf, "bootstrap.servers", bootstrap) || set(cconf, "group.id", group) ||
        set(cconf, "enable.auto.commit", "false") || set(cconf, "auto.offset.reset", "latest") ||
        set(cconf, "fetch.wait.max.ms", "500"))
        return 1;
    rd_kafka_t *consumer = rd_kafka_new(RD_KAFKA_CONSUMER, cconf, err, sizeof err);
    if (!consumer) {
        fprintf(stderr, "consumer: %s\n", err);
        return 1;
    }
    rd_kafka_poll_set_consumer(consumer);
    rd_kafka_topic_partition_list_t *parts = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(parts, topic, 0)->offset = RD_KAFKA_OFFSET_END;
    rd_kafka_resp_err_t e = rd_kafka_assign(consumer, parts);
    rd_kafka_topic_partition_list_destroy(parts);
    if (e) {
        fprintf(stderr, "assign: %s\n", rd_kafka_err2str(e));
        return 1;
    }
    rd_kafka_conf_t *pconf = rd_kafka_conf_new();
    if (set(pconf, "bootstrap.servers", bootstrap) || set(pconf, "acks", "all") || set(pconf, "linger.ms", "0"))
        return 1;
    rd_kafka_t *producer = rd_kafka_new(RD_KAFKA_PRODUCER, pconf, err, sizeof err);
    if (!producer) {
        fprintf(stderr, "producer: %s\n", err);
        return 1;
    }
    /* Let the consumer resolve its position before traffic starts. */
    double warm = now_s() + 3;
    while (now_s() < warm) {
        rd_kafka_message_t *msg = rd_kafka_consumer_poll(consumer, 100);
        if (msg) rd_kafka_message_destroy(msg);
    }
    long total = rate * seconds, sent = 0, got = 0;
    double *samples = malloc(sizeof(double) * (size_t)total);
    char *value = malloc((size_t)size);
    if (!samples || !value) return 1;
    memset(value, 'x', (size_t)size);
    double start = now_s(), drain_deadline = 0;
    while (got < total) {
        double now = now_s();
        if (sent < total && now >= start + (double)sent / (double)rate) {
            struct timespec ts;
            clock_gettime(CLOCK_MONOTONIC, &ts);
            char stamp[21];
            snprintf(stamp, sizeof stamp, "%020lld", (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
            memcpy(value, stamp, 20);
            e = rd_kafka_producev(producer, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_PARTITION(0),
                                  RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_VALUE(value, (size_t)size),
                                  RD_KAFKA_V_END);
            if (e) {
                fprintf(stderr, "produce: %s\n", rd_kafka_err2str(e));
                return 1;
            }
            rd_kafka_poll(producer, 0);
            if (++sent == total) drain_deadline = now_s() + 10;
            continue;
        }
        if (sent == total && now > drain_deadline) break;
        int wait_ms = sent < total ? (int)((start + (double)sent / (double)rate - now) * 1000) : 50;
        rd_kafka_message_t *msg = rd_kafka_consumer_poll(consumer, wait_ms > 1 ? wait_ms : 1);
        if (!msg) continue;
        if (msg->err == RD_KAFKA_RESP_ERR_NO_ERROR && msg->len >= 20) {
            struct timespec ts;
            clock_gettime(CLOCK_MONOTONIC, &ts);
            char stamp[21];
            memcpy(stamp, msg->payload, 20);
            stamp[20] = 0;
            long long then = strtoll(stamp, NULL, 10);
            samples[got++] = (double)((long long)ts.tv_sec * 1000000000LL + ts.tv_nsec - then) / 1e6;
        }
        rd_kafka_message_destroy(msg);
    }
    rd_kafka_flush(producer, 10000);
    if (got < total * 99 / 100) {
        fprintf(stderr, "latency run received %ld/%ld\n", got, total);
        return 1;
    }
    qsort(samples, (size_t)got, sizeof(double), compare_doubles);
    long p99 = (long)((double)got * 0.99) - 1;
    printf("records=%ld p50_ms=%.3f p99_ms=%.3f max_ms=%.3f\n", got, samples[got / 2], samples[p99 > 0 ? p99 : 0],
           samples[got - 1]);
    rd_kafka_consumer_close(consumer);
    rd_kafka_destroy(consumer);
    rd_kafka_destroy(producer);
    free(samples);
    free(value);
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "version") == 0) {
        printf("%s\n", rd_kafka_version_str());
        return 0;
    }
    if (argc == 7 && strcmp(argv[1], "latency") == 0) {
        long rate = strtol(argv[4], NULL, 10), seconds = strtol(argv[5], NULL, 10), size = strtol(argv[6], NULL, 10);
        if (rate <= 0 || rate > 1000000 || seconds <= 0 || seconds > 3600 || size <= 0 || size > 1000000) {
            fprintf(stderr, "RATE (at most 1,000,000), SECONDS (at most 3600) and SIZE (at most 1,000,000) must be positive\n");
            return 2;
        }
        return latency(argv[2], argv[3], rate, seconds, size);
    }
    if (argc == 6 && strcmp(argv[1], "produce-file") == 0) {
        long count = strtol(argv[4], NULL, 10);
        if (count <= 0) {
            fprintf(stderr, "COUNT must be positive\n");
            return 2;
        }
        return produce_file(argv[2], argv[3], count, argv[5]);
    }
    if (argc != 6) {
        fprintf(stderr, "usage: %s produce|consume BOOTSTRAP TOPIC COUNT SIZE | produce-file BOOTSTRAP TOPIC COUNT FILE | latency BOOTSTRAP TOPIC RATE SECONDS SIZE"
                        " | version\n", argv[0]);
        return 2;
    }
    long count = strtol(argv[4], NULL, 10), size = strtol(argv[5], NULL, 10);
    if (count <= 0 || size <= 0 || size > 1000000) {
        fprintf(stderr, "COUNT and SIZE must be positive (SIZE at most 1,000,000)\n");
        return 2;
    }
    if (strcmp(argv[1], "produce") == 0) return produce(argv[2], argv[3], count, size);
    if (strcmp(argv[1], "consume") == 0) return consume(argv[2], argv[3], count, size);
    fprintf(stderr, "unknown mode %s\n", argv[1]);
    return 2;
}
