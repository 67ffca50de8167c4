import HeraldRegistry
import Hummingbird

/// Answers what no route handles (unknown paths, wrong methods, Hummingbird's own HTTP errors) with Confluent's error
/// body, `{"error_code":404,"message":"HTTP 404 Not Found"}`, instead of an empty one.
struct RegistryErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError {
            let code = Int(error.status.code)
            return RegistryHTTP.error(status: code, message: "HTTP \(code) \(error.status.reasonPhrase)")
        }
    }
}
