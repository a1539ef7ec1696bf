import Foundation
import Testing
import TestSupport
import YoloCore

@Suite("Detector pool")
struct DetectorPoolTests {
    @Test("Concurrent requests on two workers give the sequential answers")
    func concurrentMatchesSequential() async throws {
        let pool = try DetectorPool(modelDirectory: Fixtures.modelDirectory, workers: 2, queueCapacity: 64)
        defer { pool.shutdown() }
        let images = try Fixtures.imageNames.map { ($0, Array(try Fixtures.image($0))) }
        let golden = try Fixtures.golden(Fixtures.goldenFiles[0])
        let results = try await withThrowingTaskGroup(of: (String, [String]).self) { group in
            for (name, bytes) in images + images {
                group.addTask { (name, try await pool.detect(imageData: bytes).objects.map(\.label)) }
            }
            return try await group.reduce(into: [(String, [String])]()) { $0.append($1) }
        }
        #expect(results.count == images.count * 2)
        for (name, labels) in results {
            #expect(labels == golden.images.first { $0.file == name }?.objects.map(\.label), "\(name)")
        }
    }

    @Test("A full queue refuses at once with queueFull; everything accepted is answered")
    func queueFull() async throws {
        let pool = try DetectorPool(modelDirectory: Fixtures.modelDirectory, workers: 1, queueCapacity: 1)
        defer { pool.shutdown() }
        let bytes = Array(try Fixtures.image("giraffe.jpg"))
        let outcomes = await withTaskGroup(of: Result<Int, any Error>.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    do { return .success(try await pool.detect(imageData: bytes).objects.count) } catch { return .failure(error) }
                }
            }
            return await group.reduce(into: [Result<Int, any Error>]()) { $0.append($1) }
        }
        let answered = outcomes.filter { if case .success(2) = $0 { true } else { false } }.count
        let refused = outcomes.filter {
            if case .failure(let error) = $0, case DetectorPoolError.queueFull = error { true } else { false }
        }.count
        #expect(answered + refused == 10, "every request is either answered correctly or refused as queueFull")
        #expect(answered >= 2)
        #expect(refused >= 1)
    }

    @Test("Shutdown finishes queued work, then refuses new work")
    func shutdownDrains() async throws {
        let pool = try DetectorPool(modelDirectory: Fixtures.modelDirectory, workers: 1, queueCapacity: 8)
        let bytes = Array(try Fixtures.image("dog.jpg"))
        let inFlight = (0..<4).map { _ in Task { try await pool.detect(imageData: bytes).objects.count } }
        try await Task.sleep(for: .milliseconds(20))
        pool.shutdown()
        for task in inFlight {
            #expect(try await task.value == 3)
        }
        await #expect(throws: DetectorPoolError.shutDown) { try await pool.detect(imageData: bytes) }
    }

    @Test("A pool over a missing model fails to start with the detector's error")
    func missingModel() {
        #expect(throws: YoloError.self) {
            try DetectorPool(modelDirectory: "/nonexistent", workers: 2, queueCapacity: 1)
        }
    }
}
