// cocv_jpeg_warnings: the warnings libjpeg reports while reading a JPEG, which cv::imdecode does not pass on (it
// decodes what it can and prints them to stderr). Read at 1/8 scale: libjpeg still walks every entropy-coded
// segment, so it meets the same truncation and corruption, for a fraction of a full decode's work.
#include "COpenCV.h"

#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <string>

#include <jpeglib.h>

namespace {

struct WarningCollector {
    jpeg_error_mgr manager;
    std::jmp_buf failed;
    std::string messages;
    int count = 0;
};

void appendMessage(j_common_ptr info) {
    auto *collector = reinterpret_cast<WarningCollector *>(info->err);
    char text[JMSG_LENGTH_MAX];
    (*info->err->format_message)(info, text);
    if (collector->messages.find(text) != std::string::npos) return;  // each distinct message once
    if (!collector->messages.empty()) collector->messages += '\n';
    collector->messages += text;
    collector->count += 1;
}

/// libjpeg's hook for every message: warnings (level -1) are collected, trace messages ignored.
void collectWarning(j_common_ptr info, int level) {
    if (level == -1) appendMessage(info);
}

/// libjpeg's hook for a fatal error: collected, then back to cocv_jpeg_warnings (libjpeg must not exit).
[[noreturn]] void stopOnError(j_common_ptr info) {
    appendMessage(info);
    std::longjmp(reinterpret_cast<WarningCollector *>(info->err)->failed, 1);
}

}  // namespace

extern "C" int32_t cocv_jpeg_warnings(const uint8_t *bytes, size_t length, char *warnings, size_t capacity) try {
    if (warnings != nullptr && capacity > 0) warnings[0] = '\0';
    if (bytes == nullptr || length == 0) return 0;
    // Everything with a destructor lives outside the setjmp block: a longjmp out of libjpeg skips destructors.
    WarningCollector collector;
    std::string row;
    jpeg_decompress_struct info;
    info.err = jpeg_std_error(&collector.manager);
    collector.manager.emit_message = collectWarning;
    collector.manager.error_exit = stopOnError;
    jpeg_create_decompress(&info);
    if (setjmp(collector.failed) == 0) {
        jpeg_mem_src(&info, bytes, static_cast<unsigned long>(length));
        jpeg_read_header(&info, TRUE);
        info.scale_num = 1;
        info.scale_denom = 8;
        info.dct_method = JDCT_IFAST;
        info.do_fancy_upsampling = FALSE;
        jpeg_start_decompress(&info);
        row.resize(static_cast<size_t>(info.output_width) * static_cast<size_t>(info.output_components));
        JSAMPROW rows[1] = {reinterpret_cast<JSAMPROW>(row.data())};
        while (info.output_scanline < info.output_height) jpeg_read_scanlines(&info, rows, 1);
        jpeg_finish_decompress(&info);
    }
    jpeg_destroy_decompress(&info);
    if (warnings != nullptr && capacity > 0) {
        std::strncpy(warnings, collector.messages.c_str(), capacity - 1);
        warnings[capacity - 1] = '\0';
    }
    return collector.count;
} catch (...) {
    return 0;  // only std::bad_alloc can get here; no warnings is what the decode itself would have said
}
