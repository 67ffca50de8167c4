import NIOCore
import Testing
@testable import HeraldKafkaProtocol

@Suite struct MessageCodecTests {
    static func header(_ key: ApiKey, _ version: Int16) -> KafkaRequestHeader {
        KafkaRequestHeader(apiKey: key, apiVersion: version, correlationId: 42, clientId: "c")
    }

    @Test(arguments: RequestFixtures.all)
    func requestDecodesFromItsFixture(_ fixture: RequestFixture) throws {
        var body = bytes(fixture.hex)
        let decoded = try KafkaRequest.decode(header: Self.header(fixture.value.apiKey, fixture.version), body: &body)
        #expect(decoded == fixture.value)
        #expect(body.readableBytes == 0)
    }

    @Test(arguments: RequestFixtures.all)
    func requestEncodesToItsFixture(_ fixture: RequestFixture) throws {
        var out = ByteBuffer()
        try fixture.value.encode(version: fixture.version, into: &out)
        #expect(hex(out) == hex(bytes(fixture.hex)))
    }

    static func headerTags(_ fixture: ResponseFixture) -> String {
        fixture.value.apiKey.responseHeaderVersion(version: fixture.version) == 1 ? "00" : ""
    }

    @Test(arguments: ResponseFixtures.all)
    func responseEncodesToItsFixture(_ fixture: ResponseFixture) throws {
        var out = ByteBuffer()
        try fixture.value.encode(correlationId: 7, version: fixture.version, into: &out)
        // Flexible responses have header v1 (an empty tag section after the correlation id); ApiVersions' is always v0.
        #expect(hex(out) == "00000007" + Self.headerTags(fixture) + hex(bytes(fixture.hex)))
    }

    @Test(arguments: ResponseFixtures.all)
    func responseDecodesBackToTheSameBytes(_ fixture: ResponseFixture) throws {
        var input = bytes("00000007 " + Self.headerTags(fixture) + fixture.hex)
        let (header, decoded) = try KafkaResponse.decode(apiKey: fixture.value.apiKey, version: fixture.version, from: &input)
        #expect(header.correlationId == 7)
        #expect(input.readableBytes == 0)
        var again = ByteBuffer()
        try decoded.message.encode(version: fixture.version, into: &again)
        #expect(hex(again) == hex(bytes(fixture.hex)))
    }

    @Test func fixturesCoverEveryApiAtItsLowestAndHighestVersion() {
        for key in ApiKey.allCases {
            let range = key.supportedVersions
            let requestVersions = Set(RequestFixtures.all.filter { $0.value.apiKey == key }.map(\.version))
            let responseVersions = Set(ResponseFixtures.all.filter { $0.value.apiKey == key }.map(\.version))
            #expect(requestVersions.isSuperset(of: [range.lowerBound, range.upperBound]), "\(key) requests")
            #expect(responseVersions.isSuperset(of: [range.lowerBound, range.upperBound]), "\(key) responses")
        }
    }

    @Test(arguments: RequestFixtures.all)
    func everyTruncationOfARequestFrameThrows(_ fixture: RequestFixture) throws {
        var frame = ByteBuffer()
        try KafkaRequestFrame(header: Self.header(fixture.value.apiKey, fixture.version), request: fixture.value)
            .encode(into: &frame)
        let decoded = try KafkaRequestFrame.decode(frame)
        #expect(decoded.request == fixture.value)
        for length in 0..<frame.readableBytes {
            let cut = frame.getSlice(at: frame.readerIndex, length: length)!
            // An ApiVersions v0 body is empty, so the bare header is a complete request.
            if fixture.hex.isEmpty && length == frame.readableBytes - bytes(fixture.hex).readableBytes { continue }
            #expect(throws: KafkaProtocolError.self, "cut at \(length)") { try KafkaRequestFrame.decode(cut) }
        }
    }

    @Test(arguments: ResponseFixtures.all)
    func everyTruncationOfAResponseThrows(_ fixture: ResponseFixture) throws {
        let full = bytes("00000007 " + fixture.hex)
        for length in 0..<full.readableBytes {
            var cut = full.getSlice(at: 0, length: length)!
            #expect(throws: KafkaProtocolError.self, "cut at \(length)") {
                try KafkaResponse.decode(apiKey: fixture.value.apiKey, version: fixture.version, from: &cut)
            }
        }
    }

    @Test(arguments: RequestFixtures.all)
    func requestsRoundTripAtEverySupportedVersion(_ fixture: RequestFixture) throws {
        for version in fixture.value.apiKey.supportedVersions {
            var first = ByteBuffer()
            try fixture.value.encode(version: version, into: &first)
            var input = first
            let decoded = try KafkaRequest.decode(header: Self.header(fixture.value.apiKey, version), body: &input)
            #expect(input.readableBytes == 0)
            var second = ByteBuffer()
            try decoded.encode(version: version, into: &second)
            #expect(first == second, "\(fixture.value.apiKey) v\(version)")
        }
    }

    @Test(arguments: ResponseFixtures.all)
    func responsesRoundTripAtEverySupportedVersion(_ fixture: ResponseFixture) throws {
        for version in fixture.value.apiKey.supportedVersions {
            var first = ByteBuffer()
            try fixture.value.encode(correlationId: 1, version: version, into: &first)
            var input = first
            let (_, decoded) = try KafkaResponse.decode(apiKey: fixture.value.apiKey, version: version, from: &input)
            #expect(input.readableBytes == 0)
            var second = ByteBuffer()
            try decoded.encode(correlationId: 1, version: version, into: &second)
            #expect(first == second, "\(fixture.value.apiKey) v\(version)")
        }
    }

    @Test func mutatedRequestFramesNeverTrap() throws {
        var random = SplitMix64(seed: 0x4B41464B41)
        for fixture in RequestFixtures.all {
            var frame = ByteBuffer()
            try KafkaRequestFrame(header: Self.header(fixture.value.apiKey, fixture.version), request: fixture.value)
                .encode(into: &frame)
            let original = Array(frame.readableBytesView)
            for _ in 0..<300 {
                var mutated = original
                for _ in 0..<(1 + Int(random.next() % 4)) {
                    let index = Int(random.next() % UInt64(mutated.count))
                    mutated[index] = [0x00, 0xFF, 0x7F, 0x80, UInt8(truncatingIfNeeded: random.next())][Int(random.next() % 5)]
                }
                // Either outcome is fine; what matters is that nothing traps or allocates absurdly.
                _ = try? KafkaRequestFrame.decode(ByteBuffer(bytes: mutated))
            }
        }
    }
}

/// A small deterministic generator, so mutation tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
