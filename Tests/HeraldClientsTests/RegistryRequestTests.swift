import Foundation
import Testing
@testable import HeraldClients
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite struct RegistryRequestTests {
    @Test func requestsAreConfluentsAPI() throws {
        let endpoint = try RegistryEndpoint(url: "https://registry.example/prefix/", credentials: RegistryCredentials(user: "key", password: "s3cr3t"))
        let submission = SchemaSubmission(schema: #"{"type":"string"}"#, references: [SchemaReference(name: "a.B", subject: "a.B", version: 2)])
        let request = RegistryRequest.register(submission, under: "my topic/x-value").urlRequest(for: endpoint, timeout: 5)
        #expect(request.httpMethod == "POST")
        #expect(request.url?.absoluteString == "https://registry.example/prefix/subjects/my%20topic%2Fx-value/versions")
        #expect(request.value(forHTTPHeaderField: "Content-Type") == "application/vnd.schemaregistry.v1+json")
        #expect(request.value(forHTTPHeaderField: "Authorization") == "Basic " + Data("key:s3cr3t".utf8).base64EncodedString())
        let body = try #require(request.httpBody)
        #expect(String(decoding: body, as: UTF8.self)
            == #"{"references":[{"name":"a.B","subject":"a.B","version":2}],"schema":"{\"type\":\"string\"}","schemaType":"AVRO"}"#)
    }

    @Test func credentialsComeFromTheEnvironmentAndAreNeverShown() throws {
        let credentials = try #require(RegistryCredentials.from(environment: ["HERALD_REGISTRY_USER": "key", "HERALD_REGISTRY_PASSWORD": "s3cr3t"]))
        #expect(!credentials.description.contains("s3cr3t"))
        #expect(RegistryCredentials.from(environment: ["HERALD_REGISTRY_PASSWORD": "x"]) == nil)
        // Credentials in the URL are used but never printed.
        let endpoint = try RegistryEndpoint(url: "https://key:s3cr3t@registry.example", credentials: nil)
        #expect(endpoint.credentials == RegistryCredentials(user: "key", password: "s3cr3t"))
        #expect(endpoint.display == "https://registry.example")
        #expect(endpoint.usesTLS)
        do {
            _ = try RegistryEndpoint(url: "ftp://key:s3cr3t@registry.example", credentials: nil)
            Issue.record("an ftp URL was accepted")
        } catch {
            #expect(!error.description.contains("s3cr3t"))
            #expect(error.description.contains("not an http or https URL"))
        }
    }

    @Test func confluentErrorBodiesBecomeTheRegistrysMessage() {
        let request = RegistryRequest.register(SchemaSubmission(schema: "{}"), under: "orders-value")
        let body = Data(#"{"error_code":409,"message":"Schema being registered is incompatible with an earlier schema for subject \"orders-value\""}"#.utf8)
        let error = RegistryResponse.refusal(status: 409, body: body, request: request)
        #expect(error.errorCode == 409)
        #expect(error.description == #"the registry refused (POST /subjects/orders-value/versions): Schema being registered is incompatible with an earlier schema for subject "orders-value" (HTTP 409)"#)
        let notFound = RegistryResponse.refusal(status: 404, body: Data(#"{"error_code":40401,"message":"Subject 'x' not found."}"#.utf8), request: .versions(of: "x"))
        #expect(notFound.isNotFound)
        #expect(notFound.description.hasSuffix("Subject 'x' not found. (HTTP 404, error 40401)"))
        let unauthorized = RegistryResponse.refusal(status: 401, body: Data(), request: .subjects())
        #expect(unauthorized.description.contains("HERALD_REGISTRY_USER"))
    }

    @Test func answersThatAreNotJSONAreReported() {
        #expect(throws: RegistryError.self) {
            _ = try RegistryResponse.decode([String].self, status: 200, body: Data("<html>".utf8), request: .subjects())
        }
        let registered = try? RegistryResponse.decode(
            RegisteredSchema.self, status: 200,
            body: Data(#"{"subject":"s","version":1,"id":3,"schema":"\"string\""}"#.utf8), request: .version(1, of: "s"))
        #expect(registered?.schemaType == "AVRO")
        #expect(registered?.references == [])
    }
}
