import Foundation
import HeraldAvro
import HeraldRegistry
import Hummingbird

/// How the registry API reads requests and writes responses: Confluent's media type, error bodies and JSON shapes.
enum RegistryHTTP {
    static let mediaType = "application/vnd.schemaregistry.v1+json"
    /// Request bodies Confluent accepts.
    static let acceptedRequestTypes: Set<String> = [
        "application/vnd.schemaregistry.v1+json", "application/vnd.schemaregistry+json", "application/json",
        "application/octet-stream",
    ]
    static let maxBodyBytes = 16 * 1024 * 1024

    /// A response with a JSON body in Confluent's media type.
    static func json(_ value: JSONValue, status: Int = 200) -> Response {
        var bytes: [UInt8] = []
        JSONWriter(style: .compact).write(value, into: &bytes)
        return Response(
            status: HTTPResponse.Status(code: status),
            headers: [.contentType: mediaType],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// Confluent's error body `{"error_code":…,"message":…}` with the status the code implies.
    static func error(_ error: RegistryError) -> Response {
        json(.object(JSONObject([("error_code", .number(JSONNumber(error.code))), ("message", .string(error.message))])),
             status: error.httpStatus)
    }

    /// An error that is not one of the registry's own (bad JSON, wrong media type, unknown route).
    static func error(status: Int, message: String) -> Response {
        self.error(RegistryError(code: status, message: message))
    }

    /// The request body as JSON; a missing body is nil. Throws a finished error response.
    static func body(of request: Request) async throws(ResponseError) -> JSONValue? {
        if let type = request.headers[.contentType] {
            let bare = type.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            guard acceptedRequestTypes.contains(bare) else {
                throw ResponseError(error(status: 415, message: "HTTP 415 Unsupported Media Type"))
            }
        }
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maxBodyBytes)
        } catch {
            throw ResponseError(self.error(status: 413, message: "Request body larger than \(maxBodyBytes) bytes"))
        }
        do {
            return try RegistryRequestBody.json(Array(buffer.readableBytesView))
        } catch {
            throw ResponseError(self.error(status: 400, message: "Unrecognized JSON body: \(error.message) at line \(error.position.line), column \(error.position.column)"))
        }
    }

    /// A registration or lookup body, read by `SchemaSubmission(requestBody:)`.
    static func submission(from body: JSONValue?) throws(ResponseError) -> SchemaSubmission {
        do { return try SchemaSubmission(requestBody: body) } catch { throw ResponseError(self.error(error)) }
    }

    /// A string member of a JSON object body.
    static func string(_ key: String, in body: JSONValue?) -> String? { RegistryRequestBody.string(key, in: body) }

    /// A query flag: true when the parameter is `true` in any case.
    static func flag(_ name: String, in request: Request) -> Bool {
        request.uri.queryParameters[name[...]].map { $0.lowercased() == "true" } ?? false
    }

    /// A path parameter, percent-decoded.
    static func parameter(_ name: String, in context: some RequestContext) -> String {
        let raw = context.parameters.get(name) ?? ""
        return raw.removingPercentEncoding ?? raw
    }

    static func references(_ references: [SchemaReference]) -> [(key: String, value: JSONValue)] {
        references.isEmpty ? [] : [(key: "references", value: .array(references.map(\.json)))]
    }

    /// `{"subject","version","id","schema","references"?}`, a subject version as Confluent returns it.
    static func subjectSchema(_ found: SubjectSchema) -> JSONValue {
        .object(JSONObject([
            (key: "subject", value: .string(found.subject)), (key: "version", value: .number(JSONNumber(found.version.version))),
            (key: "id", value: .number(JSONNumber(found.schema.id))), (key: "schema", value: .string(found.schema.text)),
        ] + references(found.schema.references)))
    }

    /// A raw schema body (`…/schema` endpoints): the schema text itself.
    static func rawSchema(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: mediaType], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}

/// A response to send instead of going on (a request that cannot be read).
struct ResponseError: Error {
    var response: Response
    init(_ response: Response) { self.response = response }
}
