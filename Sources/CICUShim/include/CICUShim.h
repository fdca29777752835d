#ifndef TRACKLESS_CICUSHIM_H
#define TRACKLESS_CICUSHIM_H
#include <stdint.h>

/// Results of a conversion. `status` is 0 on success, 1 when the output
/// buffer was too small (`written` then holds the size needed), 2 when the
/// charset is unknown to ICU, 3 for any other ICU failure.
typedef struct {
    int32_t status;
    int32_t written;
    /// Number of input sequences that were invalid (decode) or characters
    /// that had no mapping (encode).
    int32_t problems;
} tl_conversion_result;

/// Decodes `src` from `charset` into UTF-8, replacing invalid input with U+FFFD.
tl_conversion_result tl_decode_to_utf8(const char *charset,
                                       const uint8_t *src, int32_t src_len,
                                       uint8_t *dst, int32_t dst_cap);

/// Encodes UTF-8 `src` into `charset`. Stops with `problems > 0` as soon as a
/// character has no mapping, so that callers can fall back to UTF-8.
tl_conversion_result tl_encode_from_utf8(const char *charset,
                                         const uint8_t *src, int32_t src_len,
                                         uint8_t *dst, int32_t dst_cap);

/// 1 when ICU knows a converter for `charset`, else 0.
int tl_charset_is_known(const char *charset);

#endif
