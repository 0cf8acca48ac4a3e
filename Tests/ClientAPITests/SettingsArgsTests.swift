import ClientAPI
import ContactCenter
import Foundation
import Testing

@Suite("settings.update and settings.get on the wire")
struct SettingsArgsTests {
    static func decode(_ args: String) throws -> SettingsChange {
        let request = #"{"v": 1, "op": "settings.update", "requestId": "r1", "args": \#(args)}"#
        return try APIJSON.decode(Request<SettingsUpdateArgs>.self, from: Array(request.utf8)).args.change
    }

    @Test func aFlatObjectOfNamesBecomesOneChange() throws {
        let change = try Self.decode(#"{"staffAbsentDarkAfterMs": 20000, "offerTimeoutMs": 15000, "failbackStepsPercent": [10, 50, 100]}"#)
        #expect(change == SettingsChange(values: ["staffAbsentDarkAfterMs": 20_000, "offerTimeoutMs": 15_000], failbackStepsPercent: [10, 50, 100]))
        // Unknown names pass the shape check: the model refuses them with the list of names it knows.
        #expect(try Self.decode(#"{"nonsense": 1}"#) == SettingsChange(values: ["nonsense": 1]))
        #expect(try Self.decode("{}") == SettingsChange())
        let encoded = try APIJSON.decode(SettingsUpdateArgs.self, from: Array(JSONEncoder().encode(SettingsUpdateArgs(change))))
        #expect(encoded.change == change)
    }

    @Test func aValueOfTheWrongTypeNamesItsField() {
        for (args, message) in [
            (#"{"holdDownMs": "60s"}"#, "args.holdDownMs: expected a whole number"),
            (#"{"holdDownMs": null}"#, "args.holdDownMs: must not be null"),
            (#"{"failbackStepsPercent": 50}"#, "args.failbackStepsPercent: expected a list"),
            (#"{"failbackStepsPercent": [10, "all"]}"#, "args.failbackStepsPercent.[1]: expected a whole number"),
        ] {
            #expect(throws: DecodingError.self) { try Self.decode(args) }
            do {
                _ = try Self.decode(args)
            } catch {
                #expect(APIJSON.describe(error) == message)
            }
        }
    }

    @Test func settingsGetListsEverySettingWithItsDefault() throws {
        let record = SettingsRecord(StateSettings(), RoutingPolicy())
        #expect(record.settings.map(\.name) == StateSettings.fields.map(\.name) + SettingsChange.policyFields.map(\.name) + ["failbackStepsPercent"])
        #expect(record.settings.allSatisfy { $0.value == $0.defaultValue })
        #expect(record.settings.filter { !$0.changeable }.map(\.name).sorted() == SettingsChange.fixedNames.sorted())
        let json = try #require(String(data: JSONEncoder().encode(record), encoding: .utf8))
        #expect(json.contains(#""default":[10,25,50,100]"#))
        #expect(try JSONDecoder().decode(SettingsRecord.self, from: Data(json.utf8)) == record)
    }
}
