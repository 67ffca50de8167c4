import Foundation
import HeraldRegistry
import Hummingbird
import HummingbirdTesting
import Testing
@testable import HeraldServer

/// The registry API through Hummingbird's router test mode: routes, bodies, media types and error bodies, no sockets.
@Suite struct RegistryRouterTests {
    static let order = #"{"type":"record","name":"Order","namespace":"com.example","fields":[{"name":"id","type":"string"}]}"#
    static let media = "application/vnd.schemaregistry.v1+json"

    func app(_ state: RegistryState = RegistryState()) -> some ApplicationProtocol {
        Application(router: RegistryRoutes(registry: LiveRegistry(state: state)).router())
    }

    static func body(_ json: Any) -> ByteBuffer {
        ByteBuffer(data: try! JSONSerialization.data(withJSONObject: json))
    }

    static func json(_ response: TestResponse) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(buffer: response.body), options: [.fragmentsAllowed])
    }

    static func registration(_ schema: String, references: [[String: Any]] = []) -> ByteBuffer {
        body(["schema": schema, "references": references] as [String: Any])
    }

    @Test func registerThenReadBack() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/subjects/orders-value/versions", method: .post,
                                     headers: [.contentType: Self.media], body: Self.registration(Self.order)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == Self.media)
                let body = Self.json(response) as? [String: Any]
                #expect(body?["id"] as? Int == 1)
                #expect(body?["version"] as? Int == 1)
            }
            try await client.execute(uri: "/subjects", method: .get) { response in
                #expect(Self.json(response) as? [String] == ["orders-value"])
            }
            try await client.execute(uri: "/subjects/orders-value/versions", method: .get) { response in
                #expect(Self.json(response) as? [Int] == [1])
            }
            try await client.execute(uri: "/subjects/orders-value/versions/latest", method: .get) { response in
                let body = Self.json(response) as? [String: Any]
                #expect(body?["subject"] as? String == "orders-value")
                #expect(body?["schema"] as? String == Self.order)
                #expect(body?["references"] == nil)
            }
            try await client.execute(uri: "/subjects/orders-value/versions/1/schema", method: .get) { response in
                #expect(String(buffer: response.body) == Self.order)
            }
            try await client.execute(uri: "/schemas/ids/1?subject=orders-value&format=", method: .get) { response in
                #expect((Self.json(response) as? [String: Any])?["schema"] as? String == Self.order)
            }
            try await client.execute(uri: "/schemas/ids/1/versions", method: .get) { response in
                let body = Self.json(response) as? [[String: Any]]
                #expect(body?.first?["subject"] as? String == "orders-value")
                #expect(body?.first?["version"] as? Int == 1)
            }
            try await client.execute(uri: "/subjects/orders-value", method: .post, body: Self.registration(Self.order)) { response in
                #expect((Self.json(response) as? [String: Any])?["id"] as? Int == 1)
            }
            try await client.execute(uri: "/schemas?latestOnly=true&subjectPrefix=orders", method: .get) { response in
                let body = Self.json(response) as? [[String: Any]]
                #expect(body?.count == 1)
                #expect(body?.first?["subject"] as? String == "orders-value")
                #expect(body?.first?["id"] as? Int == 1)
            }
            try await client.execute(uri: "/schemas/types", method: .get) { response in
                #expect(Self.json(response) as? [String] == ["AVRO"])
            }
        }
    }

    @Test func errorsAreConfluentBodies() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/subjects/nope/versions", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == Self.media)
                let body = Self.json(response) as? [String: Any]
                #expect(body?["error_code"] as? Int == 40401)
                #expect(body?["message"] as? String == "Subject 'nope' not found.")
            }
            try await client.execute(uri: "/no/such/route", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == Self.media)
                let body = Self.json(response) as? [String: Any]
                #expect(body?["error_code"] as? Int == 404)
                #expect(body?["message"] as? String == "HTTP 404 Not Found")
            }
            try await client.execute(uri: "/subjects/s/versions/0", method: .get) { response in
                #expect(response.status.code == 422)
                #expect((Self.json(response) as? [String: Any])?["error_code"] as? Int == 42202)
            }
            try await client.execute(uri: "/schemas/ids/42", method: .get) { response in
                #expect((Self.json(response) as? [String: Any])?["message"] as? String == "Schema 42 not found")
            }
            try await client.execute(uri: "/subjects/s/versions", method: .post, headers: [.contentType: "text/plain"],
                                     body: Self.registration(Self.order)) { response in
                #expect(response.status.code == 415)
            }
            try await client.execute(uri: "/subjects/s/versions", method: .post, body: ByteBuffer(string: "{")) { response in
                #expect(response.status.code == 400)
                #expect((Self.json(response) as? [String: Any])?["error_code"] as? Int == 400)
            }
            try await client.execute(uri: "/subjects/s/versions", method: .post, body: Self.body(["schemaType": "AVRO"])) { response in
                #expect((Self.json(response) as? [String: Any])?["error_code"] as? Int == 42201)
            }
        }
    }

    @Test func configModeAndCompatibility() async throws {
        try await app().test(.router) { client in
            _ = try await client.execute(uri: "/subjects/o/versions", method: .post, body: Self.registration(Self.order))
            try await client.execute(uri: "/config", method: .get) { response in
                #expect(Self.json(response) as? [String: String] == ["compatibilityLevel": "BACKWARD"])
            }
            try await client.execute(uri: "/config/o", method: .put, body: Self.body(["compatibility": "full"])) { response in
                #expect(Self.json(response) as? [String: String] == ["compatibility": "FULL"])
            }
            try await client.execute(uri: "/config/o", method: .get) { response in
                #expect(Self.json(response) as? [String: String] == ["compatibilityLevel": "FULL"])
            }
            try await client.execute(uri: "/config/o", method: .delete) { response in
                #expect(Self.json(response) as? [String: String] == ["compatibilityLevel": "FULL"])
            }
            try await client.execute(uri: "/config/o", method: .get) { response in
                #expect((Self.json(response) as? [String: Any])?["error_code"] as? Int == 40408)
            }
            try await client.execute(uri: "/config/o?defaultToGlobal=true", method: .get) { response in
                #expect(Self.json(response) as? [String: String] == ["compatibilityLevel": "BACKWARD"])
            }
            let breaking = #"{"type":"record","name":"Order","namespace":"com.example","fields":[{"name":"id","type":"string"},{"name":"n","type":"int"}]}"#
            try await client.execute(uri: "/compatibility/subjects/o/versions/latest?verbose=true", method: .post,
                                     body: Self.registration(breaking)) { response in
                let body = Self.json(response) as? [String: Any]
                #expect(body?["is_compatible"] as? Bool == false)
                #expect((body?["messages"] as? [String])?.first?.hasPrefix("{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE'") == true)
            }
            try await client.execute(uri: "/subjects/o/versions", method: .post, body: Self.registration(breaking)) { response in
                #expect(response.status.code == 409)
                #expect((Self.json(response) as? [String: Any])?["error_code"] as? Int == 409)
            }
            try await client.execute(uri: "/mode", method: .put, body: Self.body(["mode": "IMPORT"])) { response in
                #expect((Self.json(response) as? [String: Any])?["error_code"] as? Int == 42205)
            }
            try await client.execute(uri: "/mode?force=true", method: .put, body: Self.body(["mode": "IMPORT"])) { response in
                #expect(Self.json(response) as? [String: String] == ["mode": "IMPORT"])
            }
            try await client.execute(uri: "/mode", method: .get) { response in
                #expect(Self.json(response) as? [String: String] == ["mode": "IMPORT"])
            }
        }
    }

    @Test func deletes() async throws {
        try await app().test(.router) { client in
            _ = try await client.execute(uri: "/subjects/o/versions", method: .post, body: Self.registration(Self.order))
            try await client.execute(uri: "/subjects/o/versions/1?permanent=true", method: .delete) { response in
                #expect((Self.json(response) as? [String: Any])?["error_code"] as? Int == 40407)
            }
            try await client.execute(uri: "/subjects/o", method: .delete) { response in
                #expect(Self.json(response) as? [Int] == [1])
            }
            try await client.execute(uri: "/subjects?deleted=true", method: .get) { response in
                #expect(Self.json(response) as? [String] == ["o"])
            }
            try await client.execute(uri: "/subjects/o?permanent=true", method: .delete) { response in
                #expect(Self.json(response) as? [Int] == [1])
            }
            try await client.execute(uri: "/schemas/ids/1", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
