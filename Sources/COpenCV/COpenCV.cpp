// The C++ body of COpenCV.h. Every entry point catches exceptions: no C++ exception crosses into Swift.
#include "COpenCV.h"
#include "CoreSharing.hpp"

#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/imgcodecs.hpp>

#include <cstring>
#include <exception>
#include <string>
#include <vector>

struct cocv_image {
    cv::Mat mat;
};

struct cocv_net {
    cv::dnn::Net net;
    std::vector<cv::String> outputNames;
    std::vector<cv::Mat> outputs;
    cv::Mat blob;
};

namespace {

void copyMessage(const char *message, char *error, size_t capacity) {
    if (error == nullptr || capacity == 0) return;
    std::strncpy(error, message, capacity - 1);
    error[capacity - 1] = '\0';
}

/// Runs `body`, turning any exception into a message; returns whether it succeeded.
template <typename Body>
bool guarded(const char *what, char *error, size_t capacity, Body body) {
    try {
        body();
        return true;
    } catch (const cv::Exception &e) {
        std::string message = std::string(what) + ": " + (e.err.empty() ? e.msg : e.err);
        copyMessage(message.c_str(), error, capacity);
    } catch (const std::exception &e) {
        std::string message = std::string(what) + ": " + e.what();
        copyMessage(message.c_str(), error, capacity);
    } catch (...) {
        std::string message = std::string(what) + ": unknown error";
        copyMessage(message.c_str(), error, capacity);
    }
    return false;
}

}  // namespace

extern "C" {

cocv_image *cocv_image_decode(const uint8_t *bytes, size_t length, char *error, size_t error_capacity) {
    cocv_image *image = nullptr;
    bool ok = guarded("imdecode", error, error_capacity, [&] {
        if (bytes == nullptr || length == 0) throw std::runtime_error("no bytes");
        cocv::BusyScope busy;
        cv::Mat input(1, static_cast<int>(length), CV_8UC1, const_cast<uint8_t *>(bytes));
        cv::Mat decoded = cv::imdecode(input, cv::IMREAD_COLOR);
        if (decoded.empty()) throw std::runtime_error("the bytes are not an image OpenCV can decode");
        image = new cocv_image{decoded};
    });
    return ok ? image : nullptr;
}

cocv_image *cocv_image_create(int32_t width, int32_t height, char *error, size_t error_capacity) {
    cocv_image *image = nullptr;
    bool ok = guarded("create", error, error_capacity, [&] {
        image = new cocv_image{cv::Mat::zeros(height, width, CV_8UC3)};
    });
    return ok ? image : nullptr;
}

int32_t cocv_image_width(const cocv_image *image) { return image ? image->mat.cols : 0; }

int32_t cocv_image_height(const cocv_image *image) { return image ? image->mat.rows : 0; }

void cocv_image_free(cocv_image *image) { delete image; }

cocv_net *cocv_net_load_darknet(const char *cfg_path, const char *weights_path, char *error, size_t error_capacity) {
    cocv_net *result = nullptr;
    bool ok = guarded("readNetFromDarknet", error, error_capacity, [&] {
        cv::dnn::Net net = cv::dnn::readNetFromDarknet(cfg_path, weights_path);
        if (net.empty()) throw std::runtime_error("the network is empty");
        net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
        net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
        auto *holder = new cocv_net{};
        holder->net = net;
        holder->outputNames = net.getUnconnectedOutLayersNames();
        result = holder;
    });
    return ok ? result : nullptr;
}

void cocv_net_free(cocv_net *net) { delete net; }

bool cocv_net_set_input(cocv_net *net, const cocv_image *image, double scale, int32_t width, int32_t height,
                        bool swap_rb, char *error, size_t error_capacity) {
    return guarded("blobFromImage", error, error_capacity, [&] {
        if (net == nullptr || image == nullptr) throw std::runtime_error("no net or no image");
        cocv::BusyScope busy;
        cv::dnn::blobFromImage(image->mat, net->blob, scale, cv::Size(width, height), cv::Scalar(), swap_rb, false,
                               CV_32F);
        net->net.setInput(net->blob);
    });
}

bool cocv_net_set_input_batch(cocv_net *net, const cocv_image *const *images, int32_t count, double scale,
                              int32_t width, int32_t height, bool swap_rb, char *error, size_t error_capacity) {
    return guarded("blobFromImages", error, error_capacity, [&] {
        if (net == nullptr || images == nullptr || count <= 0) throw std::runtime_error("no net or no images");
        cocv::BusyScope busy;
        std::vector<cv::Mat> mats;
        mats.reserve(static_cast<size_t>(count));
        for (int32_t i = 0; i < count; ++i) {
            if (images[i] == nullptr) throw std::runtime_error("a null image in the batch");
            mats.push_back(images[i]->mat);  // shares the pixels, no copy
        }
        cv::dnn::blobFromImages(mats, net->blob, scale, cv::Size(width, height), cv::Scalar(), swap_rb, false,
                                CV_32F);
        net->net.setInput(net->blob);
    });
}

bool cocv_net_forward(cocv_net *net, char *error, size_t error_capacity) {
    return guarded("forward", error, error_capacity, [&] {
        if (net == nullptr) throw std::runtime_error("no net");
        cocv::BusyScope busy;
        net->net.forward(net->outputs, net->outputNames);
    });
}

int32_t cocv_net_output_count(const cocv_net *net) {
    return net ? static_cast<int32_t>(net->outputs.size()) : 0;
}

const float *cocv_net_output_rows(const cocv_net *net, int32_t index, int32_t image, int32_t *rows, int32_t *cols) {
    if (net == nullptr || index < 0 || static_cast<size_t>(index) >= net->outputs.size() || image < 0) return nullptr;
    const cv::Mat &out = net->outputs[static_cast<size_t>(index)];
    if (out.type() != CV_32F || !out.isContinuous()) return nullptr;
    if (out.dims == 2) {  // one image: [rows, cols]
        if (image != 0) return nullptr;
        if (rows) *rows = out.rows;
        if (cols) *cols = out.cols;
        return out.ptr<float>();
    }
    if (out.dims == 3 && image < out.size[0]) {  // a batch: [images, rows, cols]
        if (rows) *rows = out.size[1];
        if (cols) *cols = out.size[2];
        return out.ptr<float>() + static_cast<size_t>(image) * out.size[1] * out.size[2];
    }
    return nullptr;
}

void cocv_set_num_threads(int32_t threads) {
    if (threads > 0) cv::setNumThreads(threads);
}

int32_t cocv_get_num_threads(void) { return cv::getNumThreads(); }

const char *cocv_version(void) {
    // The library's own version (cv::getVersionString), not the headers' CV_VERSION: the OpenCV the binary runs.
    static const std::string version = [] {
        try {
            return std::string(cv::getVersionString());
        } catch (...) {
            return std::string(CV_VERSION);
        }
    }();
    return version.c_str();
}

}  // extern "C"
