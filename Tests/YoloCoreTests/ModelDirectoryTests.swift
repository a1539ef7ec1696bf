import Testing
import YoloCore

/// Where the detector looks for the model when no directory is given: the rule `scripts/fetch-model.sh` follows
/// (`scripts/lib/cache.sh`), so that the model is found where set-up put it.
@Suite("Default model directory")
struct ModelDirectoryTests {
    @Test("YOLO_MODEL_DIR wins over the cache")
    func explicitDirectory() {
        let directory = ModelFiles.defaultDirectory(
            environment: ["YOLO_MODEL_DIR": "/opt/model", "XDG_CACHE_HOME": "/c", "HOME": "/home/u"])
        #expect(directory == "/opt/model")
    }

    @Test("else the yolo-offload cache under XDG_CACHE_HOME")
    func cacheHome() {
        #expect(ModelFiles.defaultDirectory(environment: ["XDG_CACHE_HOME": "/c", "HOME": "/home/u"])
            == "/c/yolo-offload/yolov3-tiny")
    }

    @Test("else ~/.cache; empty variables count as unset")
    func home() {
        #expect(ModelFiles.defaultDirectory(environment: ["YOLO_MODEL_DIR": "", "XDG_CACHE_HOME": "", "HOME": "/home/u"])
            == "/home/u/.cache/yolo-offload/yolov3-tiny")
    }
}
