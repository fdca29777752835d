// The one place that calls ICU. ICU renames its symbols per version
// (ucnv_open_72 ...) through macros Swift cannot import, so Swift sees only
// these plain C functions.
#include "CICUShim.h"
#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <string.h>

// Counts substitutions while still substituting (decode side).
static void count_and_substitute(const void *context, UConverterToUnicodeArgs *args,
                                 const char *codeUnits, int32_t length,
                                 UConverterCallbackReason reason, UErrorCode *err) {
    if (reason == UCNV_ILLEGAL || reason == UCNV_UNASSIGNED || reason == UCNV_IRREGULAR) {
        int32_t *counter = (int32_t *)context;
        (*counter)++;
    }
    UCNV_TO_U_CALLBACK_SUBSTITUTE(NULL, args, codeUnits, length, reason, err);
}

static tl_conversion_result convert(UConverter *from, UConverter *to,
                                    const uint8_t *src, int32_t src_len,
                                    uint8_t *dst, int32_t dst_cap) {
    tl_conversion_result r = {0, 0, 0};
    UErrorCode err = U_ZERO_ERROR;
    char *target = (char *)dst;
    const char *source = (const char *)src;
    // ucnv_convertEx with a pivot keeps memory bounded: no intermediate UTF-16 copy of the whole input.
    UChar pivot[1024];
    UChar *pivotSource = pivot, *pivotTarget = pivot;
    ucnv_convertEx(to, from, &target, (char *)dst + dst_cap, &source, source + src_len,
                   pivot, &pivotSource, &pivotTarget, pivot + 1024,
                   1, 1, &err);
    r.written = (int32_t)(target - (char *)dst);
    if (err == U_BUFFER_OVERFLOW_ERROR) {
        r.status = 1;
    } else if (err == U_INVALID_CHAR_FOUND || err == U_ILLEGAL_CHAR_FOUND) {
        r.status = 0;
        r.problems += 1;
    } else if (U_FAILURE(err)) {
        r.status = 3;
    }
    return r;
}

tl_conversion_result tl_decode_to_utf8(const char *charset,
                                       const uint8_t *src, int32_t src_len,
                                       uint8_t *dst, int32_t dst_cap) {
    tl_conversion_result r = {2, 0, 0};
    UErrorCode err = U_ZERO_ERROR;
    UConverter *from = ucnv_open(charset, &err);
    if (U_FAILURE(err) || from == NULL) return r;
    err = U_ZERO_ERROR;
    UConverter *to = ucnv_open("UTF-8", &err);
    if (U_FAILURE(err) || to == NULL) { ucnv_close(from); r.status = 3; return r; }
    int32_t problems = 0;
    err = U_ZERO_ERROR;
    ucnv_setToUCallBack(from, count_and_substitute, &problems, NULL, NULL, &err);
    r = convert(from, to, src, src_len, dst, dst_cap);
    r.problems += problems;
    ucnv_close(from);
    ucnv_close(to);
    return r;
}

tl_conversion_result tl_encode_from_utf8(const char *charset,
                                         const uint8_t *src, int32_t src_len,
                                         uint8_t *dst, int32_t dst_cap) {
    tl_conversion_result r = {2, 0, 0};
    UErrorCode err = U_ZERO_ERROR;
    UConverter *to = ucnv_open(charset, &err);
    if (U_FAILURE(err) || to == NULL) return r;
    err = U_ZERO_ERROR;
    UConverter *from = ucnv_open("UTF-8", &err);
    if (U_FAILURE(err) || from == NULL) { ucnv_close(to); r.status = 3; return r; }
    err = U_ZERO_ERROR;
    // Stop on the first unmappable character: the caller then writes UTF-8 instead.
    ucnv_setFromUCallBack(to, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL, &err);
    r = convert(from, to, src, src_len, dst, dst_cap);
    ucnv_close(from);
    ucnv_close(to);
    return r;
}

int tl_charset_is_known(const char *charset) {
    UErrorCode err = U_ZERO_ERROR;
    UConverter *c = ucnv_open(charset, &err);
    if (U_FAILURE(err) || c == NULL) return 0;
    ucnv_close(c);
    return 1;
}
