// Every answer of a live `sharegraph serve` a client meets, validated strictly by openapi-core
// (PyPI) against docs/openapi.json: documented status, media type and body (Fixtures/openapi_live.py).
// It failed before: a replayed erasure request's 200 matched both branches of a `oneOf`, and with
// OpenDSR off its routes answered undocumented 404s.

import Foundation
import Testing

@Suite(.timeLimit(.minutes(3)))
struct OpenAPILiveTests {
    @Test func everyLiveAnswerValidatesAgainstTheOpenAPIDescription() throws {
        let script = CLI.fixtures.appendingPathComponent("openapi_live.py").path
        let (status, output) = try CLI.python([script, CLI.binary.path, CLI.repository.path])
        #expect(status == 0 && output.hasSuffix("ok\n"), "openapi-core (pip install openapi-core==0.23.1): \(output)")
    }
}
