import ContactCenter
import Foundation
import NodeObservability
import Testing
import Yams

/// Deploy/prometheus and Deploy/grafana: the alerting rules pass promtool's checks and its unit tests
/// on recorded series, the scrape configuration is valid, and every metric, label and status the
/// rules and the dashboard name is one the node exposes, so that renaming a metric fails here instead
/// of leaving an alert that can never fire and a panel that stays empty.
@Suite("Deploy/prometheus and Deploy/grafana")
struct PrometheusRulesTests {
    static let rules = "Deploy/prometheus/interflow-alerts.yml"
    static let ruleTests = "Deploy/prometheus/interflow-alerts.test.yml"
    static let scrapeConfig = "Deploy/prometheus/prometheus.yml"
    static let dashboard = "Deploy/grafana/interflow-dashboard.json"
    static let runbooks = "https://github.com/interflow/interflow/blob/main/Deploy/README.md#alert-"

    /// promtool comes with Debian's `prometheus` package (`apt-get install --no-install-recommends
    /// prometheus`, as .ci/run does). Without it the promtool tests are skipped, saying so; the
    /// others still run.
    static let promtool = ExternalTool.locate("promtool")
    static let noPromtool: Comment = "promtool is not installed: apt-get install --no-install-recommends prometheus (Debian's package has it)"

    // MARK: - promtool

    @Test(.enabled(if: promtool != nil, noPromtool))
    func promtoolAcceptsTheRules() throws {
        let count = try AlertRule.load().count
        let outcome = try ExternalTool.run(try #require(Self.promtool), ["check", "rules", ExternalTool.path(Self.rules)])
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(outcome.output.contains("SUCCESS: \(count) rules found"), "\(outcome.output)")
    }

    @Test(.enabled(if: promtool != nil, noPromtool))
    func promtoolUnitTestsPass() throws {
        // The test file names its rule file relative to itself.
        let outcome = try ExternalTool.run(
            try #require(Self.promtool), ["test", "rules", "interflow-alerts.test.yml"],
            in: ExternalTool.path("Deploy/prometheus"))
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(outcome.output.contains("SUCCESS"), "\(outcome.output)")
    }

    /// promtool also loads the rule file it names, relative to the configuration's own directory.
    @Test(.enabled(if: promtool != nil, noPromtool))
    func promtoolAcceptsTheScrapeConfiguration() throws {
        let outcome = try ExternalTool.run(try #require(Self.promtool), ["check", "config", ExternalTool.path(Self.scrapeConfig)])
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(outcome.output.contains("SUCCESS: 1 rule files found"), "\(outcome.output)")
    }

    /// Debian builds Prometheus without Kubernetes discovery (it does not package client-go), so
    /// its promtool refuses `kubernetes_sd_configs` as an unknown field; upstream builds check it.
    @Test(.enabled(if: promtoolKnowsKubernetes, "this promtool has no Kubernetes service discovery (Debian builds it without)"))
    func promtoolAcceptsTheKubernetesJobUncommented() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try ScrapeConfig.withKubernetesJob().write(toFile: "\(directory)/prometheus.yml", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: ExternalTool.path(Self.rules), toPath: "\(directory)/interflow-alerts.yml")
        let outcome = try ExternalTool.run(try #require(Self.promtool), ["check", "config", "\(directory)/prometheus.yml"])
        #expect(outcome.status == 0, "\(outcome.output)")
    }

    /// Every panel's query is PromQL promtool parses, with Grafana's variables given plain values.
    @Test(.enabled(if: promtool != nil, noPromtool))
    func promtoolParsesEveryDashboardQuery() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let expressions = try Dashboard.load().panels.flatMap(\.expressions).map { expression in
            expression.replacingOccurrences(of: "$__rate_interval", with: "1m")
                .replacingOccurrences(of: "$center", with: ".*").replacingOccurrences(of: "$channel", with: ".*")
        }
        // JSON is YAML too, and JSONSerialization quotes every expression safely; but YAML knows no
        // escaped slash (`\/`), which JSONSerialization writes unless told not to.
        let rules: [String: Any] = [
            "groups": [["name": "dashboard", "rules": expressions.enumerated().map { ["record": "dashboard:query_\($0.offset)", "expr": $0.element] }]]
        ]
        try JSONSerialization.data(withJSONObject: rules, options: [.withoutEscapingSlashes])
            .write(to: URL(fileURLWithPath: "\(directory)/dashboard.yml"))
        let outcome = try ExternalTool.run(try #require(Self.promtool), ["check", "rules", "\(directory)/dashboard.yml"])
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(outcome.output.contains("SUCCESS: \(expressions.count) rules found"), "\(outcome.output)")
    }

    // MARK: - The rules

    @Test func everyAlertHasASeveritySummaryDescriptionAndItsRunbook() throws {
        let alerts = try AlertRule.load()
        #expect(alerts.count >= 10)
        for alert in alerts {
            #expect(["page", "ticket"].contains(alert.labels["severity"] ?? ""), "\(alert.name): severity")
            #expect(!(alert.annotations["summary"] ?? "").isEmpty, "\(alert.name): summary")
            #expect(!(alert.annotations["description"] ?? "").isEmpty, "\(alert.name): description")
            // A heading "Alert: InterflowNoLeader" in Deploy/README.md has the anchor alert-interflownoleader.
            #expect(alert.annotations["runbook_url"] == Self.runbooks + alert.name.lowercased(), "\(alert.name): runbook_url")
            // Bounded, so that a blip does not page, and short enough to be an alert rather than a report.
            let pending = try #require(alert.pending, "\(alert.name) has no `for:`")
            #expect(pending > .zero && pending <= .seconds(4 * 3_600), "\(alert.name): for \(pending)")
        }
        #expect(Set(alerts.map(\.name)).count == alerts.count, "two alerts share a name")
    }

    @Test func everyRunbookLinkLandsOnAHeadingOfTheOperationsGuide() throws {
        let guide = try String(contentsOfFile: ExternalTool.path("Deploy/README.md"), encoding: .utf8)
        let headings = Set(guide.split(separator: "\n").filter { $0.hasPrefix("#") }.map { line in
            // GitHub's anchor: lowercased, spaces to hyphens, punctuation dropped.
            String(line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces).lowercased()
                .map { $0 == " " ? "-" : $0 }.filter { $0.isLetter || $0.isNumber || $0 == "-" })
        })
        for alert in try AlertRule.load() {
            #expect(headings.contains("alert-" + alert.name.lowercased()), "Deploy/README.md has no heading \"Alert: \(alert.name)\"")
        }
    }

    @Test func everyAlertFiresInTheUnitTests() throws {
        let fired = try RuleTests.alertsExpectedToFire()
        for alert in try AlertRule.load() {
            #expect(fired.contains(alert.name), "no test in \(Self.ruleTests) makes \(alert.name) fire")
        }
    }

    @Test func theRulesUseOnlyWhatTheNodeExposes() throws {
        let texts = try AlertRule.load().flatMap { [$0.expression] + $0.annotations.values }
        try ExposedMetrics.current.check(texts, in: Self.rules)
    }

    /// The recorded series, too: a test of a renamed metric would test an alert on nothing.
    @Test func theRecordedSeriesAreOnesTheNodeExposes() throws {
        try ExposedMetrics.current.check(try RuleTests.inputSeries(), in: Self.ruleTests)
    }

    // MARK: - The scrape configuration

    /// A target label the node's series also carry would rename theirs (`center` becomes
    /// `exported_center`), and every rule about centers would match nothing.
    @Test func targetLabelsDoNotCollideWithTheNodesLabels() throws {
        let collisions = try ScrapeConfig.targetLabels().intersection(ExposedMetrics.current.allLabels)
        #expect(collisions.isEmpty, "prometheus.yml sets target labels the node's series carry: \(collisions.sorted())")
    }

    @Test func everyCenterOfTheTopologyIsScraped() throws {
        let topology = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: ExternalTool.path("Deploy/topology/china-2020.json")))) as? [String: Any]
        let centers = (topology?["centers"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        let targets = try ScrapeConfig.staticTargets()
        #expect(targets.map(\.center) == centers, "one target per center, node K the K-th center of the topology")
        #expect(targets.map(\.node) == centers.indices.map { String($0 + 1) })
    }

    /// The Kubernetes job is commented out (it replaces the static one); uncommented it must still
    /// be YAML, name its targets' job `interflow` as the rules expect and keep only annotated pods.
    @Test func theKubernetesJobUncommentedIsTheOneTheRulesExpect() throws {
        let config = try #require(try Yams.load(yaml: ScrapeConfig.withKubernetesJob()) as? [String: Any])
        let jobs = config["scrape_configs"] as? [[String: Any]] ?? []
        let job = try #require(jobs.first { $0["job_name"] as? String == "interflow-kubernetes" })
        let relabels = job["relabel_configs"] as? [[String: Any]] ?? []
        #expect(relabels.contains { $0["target_label"] as? String == "job" && $0["replacement"] as? String == "interflow" })
        #expect(relabels.contains {
            ($0["source_labels"] as? [String]) == ["__meta_kubernetes_pod_annotation_prometheus_io_scrape"] && $0["action"] as? String == "keep"
        })
        for annotation in ["prometheus_io_port", "prometheus_io_path"] {
            #expect(relabels.contains { ($0["source_labels"] as? [String] ?? []).contains("__meta_kubernetes_pod_annotation_\(annotation)") })
        }
    }

    // MARK: - The dashboard

    @Test func everyPanelHasATitleAndAQuery() throws {
        let dashboard = try Dashboard.load()
        #expect(dashboard.panels.count >= 20)
        for panel in dashboard.panels {
            #expect(!panel.title.isEmpty, "panel \(panel.id) has no title")
            // A row only groups the panels below it; every other panel shows something queried.
            if panel.type == "row" { continue }
            #expect(!panel.expressions.isEmpty, "panel \(panel.id) \(panel.title) has no query")
            #expect(panel.expressions.allSatisfy { !$0.isEmpty }, "panel \(panel.id) \(panel.title) has an empty query")
            #expect(panel.datasources.allSatisfy { $0 == "${datasource}" }, "panel \(panel.id) \(panel.title) does not use $datasource")
        }
        #expect(dashboard.schemaVersion >= 38)
        #expect(dashboard.variables["datasource"]?["type"] as? String == "datasource")
        #expect(dashboard.variables["datasource"]?["query"] as? String == "prometheus")
        #expect(dashboard.variables["center"]?["type"] as? String == "query")
    }

    @Test func theDashboardUsesOnlyWhatTheNodeExposes() throws {
        let dashboard = try Dashboard.load()
        let texts = dashboard.panels.flatMap { $0.expressions + [$0.description] } + dashboard.variableQueries
        try ExposedMetrics.current.check(texts, in: Self.dashboard)
    }

    // MARK: - The documentation

    /// README.md and docs/API.md are contracts: every metric they name in backticks exists, and the
    /// disk gauges are among them.
    @Test func documentedMetricNamesAreExposed() throws {
        let exposed = ExposedMetrics.current
        for document in ["README.md", "docs/API.md"] {
            let text = try String(contentsOfFile: ExternalTool.path(document), encoding: .utf8)
            let named = try ExposedMetrics.backtickedNames(in: text)
            for name in named {
                #expect(exposed.names.contains(name) || exposed.families.contains(name), "\(document) names \(name), which no node exposes")
            }
            if document == "README.md" {
                #expect(named.isSuperset(of: ["interflow_data_disk_free_bytes", "interflow_data_disk_size_bytes"]))
            }
        }
    }

    static let promtoolKnowsKubernetes: Bool = {
        guard let promtool, let directory = try? temporaryDirectory() else { return false }
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let probe = "scrape_configs:\n  - job_name: probe\n    kubernetes_sd_configs:\n      - role: pod\n"
        guard (try? probe.write(toFile: "\(directory)/probe.yml", atomically: true, encoding: .utf8)) != nil else { return false }
        return (try? ExternalTool.run(promtool, ["check", "config", "--syntax-only", "\(directory)/probe.yml"]).status) == 0
    }()
}

private func temporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("prometheus-rules-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// What a node's /metrics can hold: read from the exposition of a `NodeMetrics` that recorded one of
/// everything, so it is the node's own output rather than a list kept beside it.
private struct ExposedMetrics: Sendable {
    /// Series names, histograms' `_bucket`, `_sum` and `_count` included.
    var names: Set<String> = []
    /// Names as `# TYPE` gives them (a histogram's without its suffixes), as prose names them.
    var families: Set<String> = []
    var labels: [String: Set<String>] = [:]
    var allLabels: Set<String> { labels.values.reduce(into: []) { $0.formUnion($1) } }

    static let current = ExposedMetrics(NodeMetrics.everythingRecorded().exposition())

    init(_ exposition: String) {
        for line in exposition.split(separator: "\n") {
            let words = line.split(separator: " ")
            if words.count == 4, words[0] == "#", words[1] == "TYPE" {
                let family = String(words[2])
                families.insert(family)
                let suffixes = words[3] == "histogram" ? ["_bucket", "_sum", "_count"] : [""]
                for suffix in suffixes { names.insert(family + suffix) }
                if words[3] == "histogram" { labels[family + "_bucket", default: []].insert("le") }
            } else if !line.hasPrefix("#") {
                let series = line.prefix { $0 != " " }
                let name = String(series.prefix { $0 != "{" })
                names.insert(name)
                let matchers = Self.matchers(in: String(series.dropFirst(name.count)))
                labels[name, default: []].formUnion(matchers.map(\.label))
            }
        }
    }

    /// Fails the test for each metric the texts name that the node does not expose, each label a
    /// selector matches that the metric does not carry (the scrape's own labels aside), and each
    /// center status or dark reason that does not exist.
    func check(_ texts: [String], in file: String) throws {
        let scrapeLabels = try ScrapeConfig.targetLabels().union(["job", "instance"])
        let values: [String: [String: Set<String>]] = [
            "interflow_cc_center_status": ["status": Set(CenterStatus.allCases.map(\.rawValue))],
            "interflow_cc_center_dark_reason": ["reason": Set(DarkReason.allCases.map(\.rawValue))],
        ]
        var checked = 0
        for text in texts {
            for reference in try Self.references(in: text) {
                checked += 1
                guard names.contains(reference.name) else {
                    Issue.record("\(file) uses \(reference.name), which the node does not expose")
                    continue
                }
                for matcher in reference.matchers {
                    #expect(
                        labels[reference.name, default: []].contains(matcher.label) || scrapeLabels.contains(matcher.label),
                        "\(file): \(reference.name) has no label \(matcher.label)")
                    guard let known = values[reference.name]?[matcher.label] else { continue }
                    for value in matcher.value.split(separator: "|").map(String.init) where !value.hasPrefix("$") {
                        #expect(known.contains(value), "\(file): \(reference.name){\(matcher.label)} is never \(value)")
                    }
                }
            }
        }
        #expect(checked > 0, "\(file): no metric found to check")
    }

    struct Reference {
        var name: String
        var matchers: [(label: String, value: String)]
    }

    static let namePattern = #"\b((?:interflow|process)_[a-z0-9_]+)"#

    /// Every metric name in a PromQL expression (or prose), with the matchers of its selector.
    static func references(in text: String) throws -> [Reference] {
        try text.matches(of: Regex(namePattern + #"(\{[^}]*\})?"#)).map { match in
            let name = String(match.output[1].substring ?? "")
            return Reference(name: name, matchers: matchers(in: String(match.output[2].substring ?? "")))
        }
    }

    static func matchers(in selector: String) -> [(label: String, value: String)] {
        guard let pattern = try? Regex(#"([A-Za-z_][A-Za-z0-9_]*)\s*(?:=~|!~|!=|=)\s*"([^"]*)""#) else { return [] }
        return selector.matches(of: pattern).map { (String($0.output[1].substring ?? ""), String($0.output[2].substring ?? "")) }
    }

    static func backtickedNames(in text: String) throws -> Set<String> {
        Set(try text.matches(of: Regex("`" + namePattern)).map { String($0.output[1].substring ?? "") })
    }
}

extension NodeMetrics {
    /// A node that has recorded one of everything, so that its exposition holds every family and label.
    fileprivate static func everythingRecorded() -> NodeMetrics {
        let metrics = NodeMetrics(dataDirectory: FileManager.default.temporaryDirectory.path)
        metrics.updateRaft(term: 2, role: "leader", leaderID: 1, commitIndex: 10, appliedIndex: 9, lastIndex: 10)
        metrics.leaderChanged()
        metrics.proposed(entries: 1)
        metrics.fsync(latencyMs: 0.3)
        metrics.commit(latencyMs: 1)
        metrics.batched(entriesPerFsync: [2], entriesPerApply: [2])
        metrics.peerRoundTrip(peer: 2, latencyMs: 0.1)
        metrics.peerConnected(peer: 2, true)
        metrics.framesDropped(reason: "malformed", total: 1)
        metrics.handshakesRefused(total: 1)
        metrics.apiRequest(op: "cluster.status", result: "ok")
        let every = ServiceGauges.Channel(
            name: ContactCenter.Channel.voice.rawValue, queueLength: 1, oldestWaitSeconds: 1, inService: 1, serviceLevelRatio: 1,
            averageSpeedOfAnswerSeconds: 1, abandonmentRatio: 0, occupancyRatio: 1, trafficShareRatio: 1)
        metrics.updateContactCenter(
            ServiceGauges(
                statuses: CenterStatus.allCases.map(\.rawValue), darkReasons: DarkReason.allCases.map(\.rawValue),
                channelNames: ContactCenter.Channel.allCases.map(\.rawValue),
                centers: [
                    .init(
                        id: "wuhan", status: CenterStatus.dark.rawValue, darkReason: DarkReason.nodeSilent.rawValue,
                        darkChannels: [every.name], failbackPercent: 0, presentAgents: 1, brokenRoutesTo: ["chengdu"], channels: [every])
                ]))
        return metrics
    }
}

/// interflow-alerts.yml, read with a YAML parser rather than by lines.
private struct AlertRule {
    var name: String
    var expression: String
    var pending: Duration?
    var labels: [String: String]
    var annotations: [String: String]

    static func load() throws -> [AlertRule] {
        let text = try String(contentsOfFile: ExternalTool.path(PrometheusRulesTests.rules), encoding: .utf8)
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        let groups = document["groups"] as? [[String: Any]] ?? []
        return groups.flatMap { $0["rules"] as? [[String: Any]] ?? [] }.compactMap { rule in
            guard let name = rule["alert"] as? String else { return nil }
            return AlertRule(
                name: name, expression: rule["expr"] as? String ?? "", pending: (rule["for"] as? String).flatMap(duration),
                labels: rule["labels"] as? [String: String] ?? [:], annotations: rule["annotations"] as? [String: String] ?? [:])
        }
    }

    /// Prometheus durations as the rules write them: a number and one unit (30s, 5m, 4h).
    private static func duration(_ text: String) -> Duration? {
        guard let unit = text.last, let value = Int64(text.dropLast()) else { return nil }
        switch unit {
        case "s": return .seconds(value)
        case "m": return .seconds(value * 60)
        case "h": return .seconds(value * 3_600)
        default: return nil
        }
    }
}

/// interflow-alerts.test.yml.
private enum RuleTests {
    static func document() throws -> [String: Any] {
        let text = try String(contentsOfFile: ExternalTool.path(PrometheusRulesTests.ruleTests), encoding: .utf8)
        return try #require(try Yams.load(yaml: text) as? [String: Any])
    }

    static var cases: [[String: Any]] {
        get throws { try document()["tests"] as? [[String: Any]] ?? [] }
    }

    static func alertsExpectedToFire() throws -> Set<String> {
        let checks = try cases.flatMap { $0["alert_rule_test"] as? [[String: Any]] ?? [] }
        return Set(checks.filter { !($0["exp_alerts"] as? [Any] ?? []).isEmpty }.compactMap { $0["alertname"] as? String })
    }

    static func inputSeries() throws -> [String] {
        try cases.flatMap { $0["input_series"] as? [[String: Any]] ?? [] }.compactMap { $0["series"] as? String }
    }
}

/// prometheus.yml: its target labels, and its commented Kubernetes job made live.
private enum ScrapeConfig {
    static func text() throws -> String {
        try String(contentsOfFile: ExternalTool.path(PrometheusRulesTests.scrapeConfig), encoding: .utf8)
    }

    /// The file with the lines between `# BEGIN kubernetes-job` and `# END kubernetes-job`
    /// uncommented (their first "# " removed), as the file tells an SRE on Kubernetes to do.
    static func withKubernetesJob() throws -> String {
        var inside = false
        var found = false
        var lines: [String] = []
        for line in try text().split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed == "# BEGIN kubernetes-job" { (inside, found) = (true, true); continue }
            if trimmed == "# END kubernetes-job" { inside = false; continue }
            if inside, let mark = line.range(of: "# ") { lines.append(line.replacingCharacters(in: mark, with: "")) } else { lines.append(line) }
        }
        try #require(found, "prometheus.yml has no kubernetes-job block")
        return lines.joined(separator: "\n")
    }

    /// Labels set on targets, in either job: static labels and relabelings' `target_label`
    /// (Prometheus' own `__` labels and job and instance aside).
    static func targetLabels() throws -> Set<String> {
        let config = try #require(try Yams.load(yaml: withKubernetesJob()) as? [String: Any])
        var labels: Set<String> = []
        for job in config["scrape_configs"] as? [[String: Any]] ?? [] {
            for group in job["static_configs"] as? [[String: Any]] ?? [] {
                labels.formUnion((group["labels"] as? [String: Any] ?? [:]).keys)
            }
            for relabel in job["relabel_configs"] as? [[String: Any]] ?? [] {
                if let label = relabel["target_label"] as? String { labels.insert(label) }
            }
        }
        return labels.filter { !$0.hasPrefix("__") && $0 != "job" && $0 != "instance" }
    }

    static func staticTargets() throws -> [(node: String, center: String)] {
        let config = try #require(try Yams.load(yaml: text()) as? [String: Any])
        let job = (config["scrape_configs"] as? [[String: Any]] ?? []).first { $0["job_name"] as? String == "interflow" }
        return (job?["static_configs"] as? [[String: Any]] ?? []).map { group in
            let labels = group["labels"] as? [String: Any] ?? [:]
            return ("\(labels["node"] ?? "")", "\(labels["node_center"] ?? "")")
        }
    }
}

/// interflow-dashboard.json.
private struct Dashboard {
    struct Panel {
        var id: Int
        var type: String
        var title: String
        var description: String
        var expressions: [String]
        var datasources: [String]
    }

    var schemaVersion: Int
    var panels: [Panel]
    var variables: [String: [String: Any]]

    /// The queries of the template variables (`label_values(...)`), which name metrics too.
    var variableQueries: [String] {
        variables.values.flatMap { variable in
            [variable["definition"] as? String, (variable["query"] as? [String: Any])?["query"] as? String].compactMap { $0 }
        }
    }

    static func load() throws -> Dashboard {
        let data = try Data(contentsOf: URL(fileURLWithPath: ExternalTool.path(PrometheusRulesTests.dashboard)))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "the dashboard is not a JSON object")
        // Rows may nest their panels when collapsed; both levels are panels to check.
        let top = json["panels"] as? [[String: Any]] ?? []
        let all = top + top.flatMap { $0["panels"] as? [[String: Any]] ?? [] }
        let panels = all.map { panel in
            let targets = panel["targets"] as? [[String: Any]] ?? []
            return Panel(
                id: panel["id"] as? Int ?? 0, type: panel["type"] as? String ?? "", title: panel["title"] as? String ?? "",
                description: panel["description"] as? String ?? "", expressions: targets.map { $0["expr"] as? String ?? "" },
                datasources: targets.map { ($0["datasource"] as? [String: Any])?["uid"] as? String ?? "" })
        }
        let list = (json["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? []
        let variables = Dictionary(list.map { ($0["name"] as? String ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        return Dashboard(schemaVersion: json["schemaVersion"] as? Int ?? 0, panels: panels, variables: variables)
    }
}
