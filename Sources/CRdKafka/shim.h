#ifndef STARSINK_CRDKAFKA_SHIM_H
#define STARSINK_CRDKAFKA_SHIM_H
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

/* Swift cannot build rd_kafka_vu_t's anonymous union portably, nor import the
 * cast macros below; these helpers do it in C. */

static inline rd_kafka_vu_t starsink_vu_topic(const char *topic) {
        rd_kafka_vu_t vu;
        vu.vtype  = RD_KAFKA_VTYPE_TOPIC;
        vu.u.cstr = topic;
        return vu;
}

static inline rd_kafka_vu_t starsink_vu_partition(int32_t partition) {
        rd_kafka_vu_t vu;
        vu.vtype = RD_KAFKA_VTYPE_PARTITION;
        vu.u.i32 = partition;
        return vu;
}

/** Copies the bytes (RD_KAFKA_MSG_F_COPY): the caller's buffers may die after produceva returns. */
static inline rd_kafka_vu_t starsink_vu_copy_flag(void) {
        rd_kafka_vu_t vu;
        vu.vtype = RD_KAFKA_VTYPE_MSGFLAGS;
        vu.u.i   = RD_KAFKA_MSG_F_COPY;
        return vu;
}

static inline rd_kafka_vu_t starsink_vu_key(const void *ptr, size_t size) {
        rd_kafka_vu_t vu;
        vu.vtype      = RD_KAFKA_VTYPE_KEY;
        vu.u.mem.ptr  = (void *)ptr;
        vu.u.mem.size = size;
        return vu;
}

static inline rd_kafka_vu_t starsink_vu_value(const void *ptr, size_t size) {
        rd_kafka_vu_t vu;
        vu.vtype      = RD_KAFKA_VTYPE_VALUE;
        vu.u.mem.ptr  = (void *)ptr;
        vu.u.mem.size = size;
        return vu;
}

/** librdkafka takes ownership of `headers` only if produceva succeeds. */
static inline rd_kafka_vu_t starsink_vu_headers(rd_kafka_headers_t *headers) {
        rd_kafka_vu_t vu;
        vu.vtype     = RD_KAFKA_VTYPE_HEADERS;
        vu.u.headers = headers;
        return vu;
}

/** The record's CreateTime in milliseconds since the epoch (0 lets librdkafka take the clock). */
static inline rd_kafka_vu_t starsink_vu_timestamp(int64_t milliseconds) {
        rd_kafka_vu_t vu;
        vu.vtype = RD_KAFKA_VTYPE_TIMESTAMP;
        vu.u.i64 = milliseconds;
        return vu;
}

/** The per-message opaque that comes back in the delivery report as `_private`. */
static inline rd_kafka_vu_t starsink_vu_opaque(void *opaque) {
        rd_kafka_vu_t vu;
        vu.vtype = RD_KAFKA_VTYPE_OPAQUE;
        vu.u.ptr = opaque;
        return vu;
}

static inline int32_t starsink_partition_unassigned(void) {
        return RD_KAFKA_PARTITION_UA;
}

#endif
