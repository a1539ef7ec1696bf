// Internal to COpenCV: how many images are being worked on right now, for the core-sharing parallel backend.
#ifndef COPENCV_CORE_SHARING_HPP
#define COPENCV_CORE_SHARING_HPP

namespace cocv {

/// Marks the calling thread as working on an image (decoding, preprocessing or a forward pass) for its lifetime.
/// The core-sharing backend gives a parallel loop only the cores that no other such thread holds.
class BusyScope {
public:
    BusyScope();
    ~BusyScope();
    BusyScope(const BusyScope &) = delete;
    BusyScope &operator=(const BusyScope &) = delete;
};

}  // namespace cocv

#endif
