import Foundation
import Testing
@testable import TandemRuntime

/// A minimal HTTP/2 gRPC server answering Health/Check with `status`, or with a grpc-status error.
func grpcHealthServer(status: Int, grpcStatus: Int = 0, captured: Captured? = nil) -> LocalTestServer {
    LocalTestServer { connection in
        guard connection.receive(exactly: 24) != nil else { return }
        connection.send(HTTP2Frame(.settings).encoded)
        var block: [UInt8] = []
        while let header = connection.receive(exactly: 9) {
            let length = Int(header[0]) << 16 | Int(header[1]) << 8 | Int(header[2])
            guard let payload = connection.receive(exactly: length) else { return }
            if header[3] == HTTP2Frame.Kind.headers.rawValue { block = payload }
            if header[3] == HTTP2Frame.Kind.data.rawValue && header[4] & HTTP2Frame.endStream != 0 {
                captured?.add(String(decoding: block, as: UTF8.self))
                captured?.add(payload.map { String($0) }.joined(separator: ","))
                break
            }
        }
        // :status 200 (indexed), content-type (literal, indexed name).
        let responseHeaders: [UInt8] = [0x88] + HPACKEncoder.literal(nameIndex: 31, value: "application/grpc")
        // Trailers: grpc-status with incremental indexing (dynamic table), grpc-message literal.
        var trailers: [UInt8] = [0x40] + HPACKEncoder.string("grpc-status") + HPACKEncoder.string(String(grpcStatus))
        trailers += HPACKEncoder.literal(nameIndex: 0, name: "grpc-message", value: "unknown%20service")
        var frames = HTTP2Frame(.headers, flags: HTTP2Frame.endHeaders, streamID: 1, payload: responseHeaders).encoded
        if grpcStatus == 0 {
            let message: [UInt8] = [0x08, UInt8(status)]
            frames += HTTP2Frame(.data, streamID: 1, payload: [0, 0, 0, 0, UInt8(message.count)] + message).encoded
        }
        frames += HTTP2Frame(.headers, flags: HTTP2Frame.endHeaders | HTTP2Frame.endStream, streamID: 1, payload: trailers).encoded
        connection.send(frames)
        Thread.sleep(forTimeInterval: 0.5)
    }
}

@Suite struct GRPCHealthProberTests {
    @Test func servingIsSuccessAndRequestCarriesService() async {
        let captured = Captured()
        let server = grpcHealthServer(status: 1, captured: captured)
        #expect(await GRPCHealthProber.probe(port: server.port, service: "db", timeout: .seconds(5)) == .success)
        #expect(captured.all.first?.contains("/grpc.health.v1.Health/Check") == true)
        #expect(captured.all.first?.contains("kube-probe/1.33") == true)
        // 5-byte prefix, then HealthCheckRequest{service: "db"}.
        #expect(captured.all.last == "0,0,0,0,4,10,2,100,98")
    }

    @Test func notServingIsFailure() async {
        let server = grpcHealthServer(status: 2)
        #expect(await GRPCHealthProber.probe(port: server.port, service: "", timeout: .seconds(5))
                == .failure(output: "service unhealthy (responded with \"NOT_SERVING\")"))
    }

    @Test func grpcErrorStatusIsFailure() async {
        let unimplemented = grpcHealthServer(status: 0, grpcStatus: 12)
        #expect(await GRPCHealthProber.probe(port: unimplemented.port, service: "", timeout: .seconds(5))
                == .failure(output: "error: this server does not implement the grpc health protocol (grpc.health.v1.Health): unknown service"))
        let notFound = grpcHealthServer(status: 0, grpcStatus: 5)
        #expect(await GRPCHealthProber.probe(port: notFound.port, service: "x", timeout: .seconds(5))
                == .failure(output: "error: health rpc probe failed: rpc error: code = NotFound desc = unknown service"))
    }

    @Test func refusedPortTimesOutLikeBlockingDial() async {
        let port = LocalTestServer.unusedPort()
        #expect(await GRPCHealthProber.probe(port: port, service: "", timeout: .seconds(1))
                == .failure(output: "timeout: failed to connect service \"127.0.0.1:\(port)\" within 1s: context deadline exceeded"))
    }

    @Test func hpackDecodesRFCExampleWithHuffman() throws {
        // RFC 7541 C.4.1: the first request, Huffman-coded.
        let block: [UInt8] = [0x82, 0x86, 0x84, 0x41, 0x8c, 0xf1, 0xe3, 0xc2, 0xe5, 0xf2, 0x3a, 0x6b, 0xa0, 0xab, 0x90, 0xf4, 0xff]
        var decoder = HPACKDecoder()
        let headers = try decoder.decode(block)
        #expect(headers.map { "\($0.name)=\($0.value)" } == [":method=GET", ":scheme=http", ":path=/", ":authority=www.example.com"])
        // The literal with incremental indexing went into the dynamic table (index 62).
        #expect(try decoder.decode([0xbe]).first?.value == "www.example.com")
    }

    @Test func goDurationFormatting() {
        #expect(GRPCHealthProber.goDuration(.seconds(1)) == "1s")
        #expect(GRPCHealthProber.goDuration(.seconds(90)) == "1m30s")
        #expect(GRPCHealthProber.goDuration(.milliseconds(1500)) == "1.5s")
    }
}
