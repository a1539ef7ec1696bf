// COpenCV: the small C surface YoloCore needs from OpenCV 4.6 or later (imgcodecs, imgproc, dnn).
//
// Every function catches cv::Exception (and std::exception) at this boundary: failures come back as a
// false/NULL result plus a message copied into the caller's `error` buffer. Nothing C++ crosses this header.
//
// Thread safety: a cocv_net must be used by one thread at a time (cv::dnn::Net is not thread-safe).
// Distinct nets and images may be used from different threads concurrently.
#ifndef COPENCV_H
#define COPENCV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// A decoded 8-bit, 3-channel BGR image (cv::Mat).
typedef struct cocv_image cocv_image;

/// A loaded network with its input blob and the outputs of its last forward pass.
typedef struct cocv_net cocv_net;

/// Decodes JPEG/PNG/... bytes with cv::imdecode(IMREAD_COLOR). Returns NULL with a message when the bytes
/// are not a decodable image.
cocv_image *cocv_image_decode(const uint8_t *bytes, size_t length, char *error, size_t error_capacity);
/// The warnings libjpeg reports while reading JPEG `bytes` (which cv::imdecode decodes as far as it can without
/// saying so), e.g. "Premature end of JPEG file" for a file cut short: each distinct message once, separated by
/// newlines, copied into `warnings` (truncated to `capacity`); returns how many. A fatal libjpeg error ends the read
/// and is reported the same way. Never throws; 0 for bytes libjpeg reads cleanly.
int32_t cocv_jpeg_warnings(const uint8_t *bytes, size_t length, char *warnings, size_t capacity);
/// A black 8-bit BGR image of the given size (for warming up a network); NULL with a message on failure.
cocv_image *cocv_image_create(int32_t width, int32_t height, char *error, size_t error_capacity);
int32_t cocv_image_width(const cocv_image *image);
int32_t cocv_image_height(const cocv_image *image);
void cocv_image_free(cocv_image *image);

/// Loads a Darknet network (cv::dnn::readNetFromDarknet) on the OpenCV backend, CPU target.
cocv_net *cocv_net_load_darknet(const char *cfg_path, const char *weights_path, char *error, size_t error_capacity);
void cocv_net_free(cocv_net *net);

/// Sets the net's input to blobFromImage(image, scale, Size(width, height), Scalar(), swapRB, crop=false).
bool cocv_net_set_input(cocv_net *net, const cocv_image *image, double scale, int32_t width, int32_t height,
                        bool swap_rb, char *error, size_t error_capacity);

/// Sets the net's input to blobFromImages(images, scale, Size(width, height), Scalar(), swapRB, crop=false): one
/// blob holding `count` images (batch size `count`), so that one forward pass computes all of them. OpenCV computes
/// each image of a batch exactly as it computes it alone; the batch shares the passes over the weights.
bool cocv_net_set_input_batch(cocv_net *net, const cocv_image *const *images, int32_t count, double scale,
                              int32_t width, int32_t height, bool swap_rb, char *error, size_t error_capacity);

/// Runs a forward pass to the unconnected output layers, in the order OpenCV returns them.
/// The outputs stay readable through cocv_net_output_rows until the next forward pass or cocv_net_free.
bool cocv_net_forward(cocv_net *net, char *error, size_t error_capacity);

/// Number of output blobs of the last forward pass.
int32_t cocv_net_output_count(const cocv_net *net);

/// The rows of output `index` of the last forward pass that belong to image `image` of its batch, as a row-major
/// float matrix of `rows` x `cols` (for a single-image input, image 0 is the whole output); NULL if out of range.
const float *cocv_net_output_rows(const cocv_net *net, int32_t index, int32_t image, int32_t *rows, int32_t *cols);

/// Sets the number of threads OpenCV's parallel loops use in this process (cv::setNumThreads); <= 0 keeps the default.
void cocv_set_num_threads(int32_t threads);

/// The number of threads OpenCV's parallel loops use (cv::getNumThreads).
int32_t cocv_get_num_threads(void);

/// Replaces OpenCV's parallel_for backend in this process with one that shares `cores` cores between the images
/// being worked on: a parallel loop gets the cores no other decode, preprocess or forward pass holds at that moment
/// (a lone forward pass all of them, two passes on two cores one each), and its helper threads never spin while
/// another image needs the core. Results are identical to OpenCV's backends. Call before other OpenCV work; once
/// installed it stays (later calls return true and change nothing). False with a message if OpenCV refuses it.
bool cocv_use_core_sharing(int32_t cores, char *error, size_t error_capacity);

/// The cores the core-sharing backend shares, or 0 when OpenCV's own backend is in use.
int32_t cocv_core_sharing_cores(void);

/// The version of the OpenCV library loaded at run time (cv::getVersionString), e.g. "4.6.0" or "4.14.0".
const char *cocv_version(void);

#ifdef __cplusplus
}
#endif

#endif
