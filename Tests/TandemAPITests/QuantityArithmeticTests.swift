import Foundation
import Testing
import TandemAPI

@Test func equalityAndHashingAreByValue() throws {
    let one = try Quantity(parsing: "1")
    let thousandMilli = try Quantity(parsing: "1000m")
    #expect(one == thousandMilli)
    #expect(Set([one, thousandMilli, try Quantity(parsing: "1e0"), try Quantity(parsing: "0.001k")]).count == 1)
    #expect(try Quantity(parsing: "1Ki") == Quantity(1024))
    #expect(try Quantity(parsing: "1Ki") != Quantity(1000))
}

@Test func comparesExactly() throws {
    #expect(try Quantity(parsing: "1") < Quantity(parsing: "1001m"))
    #expect(try Quantity(parsing: "-1") < Quantity(parsing: "-999m"))
    #expect(try Quantity(parsing: "1E") > Quantity(parsing: "999999999999999999999m"))
    #expect(try Quantity(parsing: "1e100") > Quantity(parsing: "9Ei"))
    #expect(try Quantity(parsing: "-1e100") < Quantity(parsing: "-9Ei"))
    #expect(try Quantity(parsing: "1Gi").compare(1_073_741_824) == 0)
    #expect(try Quantity(parsing: "0").compare(Quantity(parsing: "0Ki")) == 0)
}

@Test func addsExactlyAndKeepsTheFirstFormat() throws {
    #expect(try Quantity(parsing: "1").adding(Quantity(parsing: "500m")).description == "1500m")
    #expect(try Quantity(parsing: "1Gi").adding(Quantity(parsing: "512Mi")).description == "1536Mi")
    #expect(try Quantity(parsing: "0.1").adding(Quantity(parsing: "0.2")).description == "300m")
    #expect(try Quantity(parsing: "9Ei").adding(Quantity(parsing: "9Ei")).milliValue == Int64.max)
    // TestQuantityAddZeroPreservesSuffix / TestQuantitySubZeroPreservesSuffix
    for text in ["100m", "1Gi"] {
        let value = try Quantity(parsing: text)
        #expect(value.adding(.zero).description == text)
        #expect(Quantity.zero.adding(value).description == text)
        #expect(value.subtracting(.zero).description == text)
        #expect(Quantity.zero.subtracting(value).description == "-" + text)
    }
    // A zero receiver adopts the format of what is added; a non-zero one keeps its own.
    #expect(try Quantity(parsing: "0Mi").adding(Quantity(parsing: "2048")).description == "2048")
    #expect(try Quantity(parsing: "1Ki").adding(Quantity(parsing: "1024")).description == "2Ki")
}

@Test func valueRoundsUpAwayFromZero() throws {
    #expect(try Quantity(parsing: "1500m").value == 2)
    #expect(try Quantity(parsing: "-1500m").value == -2)
    #expect(try Quantity(parsing: "1n").milliValue == 1)
    #expect(try Quantity(parsing: "2Gi").value == 2_147_483_648)
}

@Test func codableReadsStringsAndNumbersAndWritesCanonicalStrings() throws {
    let json = #"{"cpu":"1000m","memory":"1.5Gi","n":2,"f":0.5,"s":" 1 ","z":null}"#
    let list = try JSONDecoder().decode([String: Quantity].self, from: Data(json.utf8))
    #expect(list["cpu"]?.description == "1")
    #expect(list["memory"]?.description == "1536Mi")
    #expect(list["n"]?.milliValue == 2000)
    #expect(list["f"]?.description == "500m")
    #expect(list["s"]?.description == "1")
    #expect(list["z"]?.isZero == true)

    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    let encoded = try encoder.encode(["cpu": try Quantity(parsing: "0.1"), "memory": try Quantity(parsing: "1024Mi")])
    #expect(String(decoding: encoded, as: UTF8.self) == #"{"cpu":"100m","memory":"1Gi"}"#)
}

@Test func codableRejectsGarbage() {
    let json = #"{"cpu":"lots"}"#
    #expect(throws: DecodingError.self) {
        _ = try JSONDecoder().decode([String: Quantity].self, from: Data(json.utf8))
    }
}
