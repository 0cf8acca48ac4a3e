import ClusterConfig
import Foundation
import Testing
import Yams

/// Deploy/kubernetes: the schema (kubernetes-validate, when installed) and, always, what the cluster
/// needs of the manifests: one pod per center of the topology, configs the node accepts, an
/// owner-only secret key, probes that do not restart a minority, a budget that keeps quorum.
@Suite("Deploy/kubernetes")
struct KubernetesManifestTests {
    static let directory = "Deploy/kubernetes"
    /// A version kubernetes-validate bundles, fixed so that a new release of it cannot change the verdict.
    static let kubernetesVersion = "1.33.0"
    static let hasSchemaValidator = ExternalTool.locate("kubernetes-validate") != nil
    static let hasKubectl = ExternalTool.locate("kubectl") != nil
    /// make-secrets.sh makes keys with a built `clusterctl keys generate`, or else with pyzmq.
    static let canMakeKeys: Bool = {
        let built = ["release", "debug"].contains { configuration in
            let clusterctl = ExternalTool.path(".build/\(configuration)/clusterctl")
            guard FileManager.default.isExecutableFile(atPath: clusterctl) else { return false }
            return (try? ExternalTool.run(clusterctl, ["keys", "generate", "--help"]))?.output.contains("--out-dir") == true
        }
        let pyzmq = ExternalTool.locate("python3").map { python in
            (try? ExternalTool.run(python, ["-c", "import zmq, sys; sys.exit(0 if zmq.has('curve') else 1)"]))?.status == 0
        }
        return built || pyzmq == true
    }()

    // MARK: The files

    @Test func kustomizationListsEveryManifestButThePlaceholderKeys() throws {
        let kustomization = try Manifests.document("kustomization.yaml")
        let listed = kustomization["resources"]?.array().compactMap(\.string) ?? []
        let expected = Set(try Manifests.files()).subtracting(["kustomization.yaml", "keys.placeholder.yaml"])
        #expect(Set(listed) == expected)
        #expect(!listed.contains("keys.placeholder.yaml"), "applying the placeholders would replace real keys")
        #expect(kustomization["namespace"]?.string == Manifests.namespace)
        for object in try Manifests.objects() where object.kind != "Namespace" {
            #expect(object.node["metadata"]?["namespace"]?.string == Manifests.namespace, "\(object)")
        }
    }

    @Test(
        "kubernetes-validate --strict accepts every manifest",
        .enabled(if: hasSchemaValidator, "kubernetes-validate is not installed (python3 -m pip install kubernetes-validate)"))
    func schemas() throws {
        let files = try Manifests.files().filter { $0 != "kustomization.yaml" }.map { ExternalTool.path("\(Self.directory)/\($0)") }
        let tool = try #require(ExternalTool.locate("kubernetes-validate"))
        let outcome = try ExternalTool.run(tool, ["--strict", "--quiet", "-k", Self.kubernetesVersion] + files, timeoutSeconds: 120)
        #expect(outcome.status == 0, "\(outcome.output)")
        // An unknown kind or apiVersion is only a warning to it (no schema to check against).
        #expect(!outcome.output.contains("WARN") && !outcome.output.contains("ERROR"), "\(outcome.output)")
    }

    @Test(.enabled(if: hasKubectl, "kubectl is not installed"))
    func kustomizeBuilds() throws {
        let kubectl = try #require(ExternalTool.locate("kubectl"))
        let outcome = try ExternalTool.run(kubectl, ["kustomize", ExternalTool.path(Self.directory)])
        #expect(outcome.status == 0, "\(outcome.output)")
        for kind in ["Namespace", "ConfigMap", "Service", "StatefulSet", "PodDisruptionBudget"] {
            #expect(outcome.output.contains("kind: \(kind)\n"), "kubectl kustomize made no \(kind)")
        }
    }

    @Test func topologyConfigMapIsTheTopologyFile() throws {
        let configMap = try Manifests.object(kind: "ConfigMap", name: "center-node-topology")
        let text = try String(contentsOfFile: ExternalTool.path(Topology.file), encoding: .utf8)
        #expect(
            configMap.node["data"]?["china-2020.json"]?.string == text,
            "topology.yaml must hold \(Topology.file) as it is; copy it again")
    }

    // MARK: The StatefulSet

    @Test func onePodPerCenterStartedTogether() throws {
        let statefulSet = try Manifests.statefulSet()
        let spec = try #require(statefulSet.node["spec"])
        let centers = try Topology.centers()
        #expect(spec["replicas"]?.int == centers.count)
        #expect(spec["podManagementPolicy"]?.string == "Parallel")
        let claims = spec["volumeClaimTemplates"]?.array() ?? []
        #expect(claims.count == 1)
        let claimName = try #require(claims.first?["metadata"]?["name"]?.string)
        #expect(try Manifests.mountPath(of: claimName) != nil, "the claim \(claimName) is not mounted")
    }

    @Test func everyConfigPassesTheNodesChecksAndNamesTheCenterAtItsOrdinal() throws {
        let centers = try Topology.centers()
        let configs = Dictionary(uniqueKeysWithValues: try Manifests.nodeConfigs().map { ($0.file, $0.text) })
        #expect(configs.count == centers.count)
        let statefulSet = try Manifests.statefulSet()
        let peerService = try #require(statefulSet.node["spec"]?["serviceName"]?.string)
        let dataMount = try #require(try Manifests.mountPath(of: "data"))
        let publicKeys = try Manifests.mountPath(of: "public-keys")
        let runMount = try #require(try Manifests.mountPath(of: "run"))
        let peerPort = try Manifests.containerPort("peer")
        let clientPort = try Manifests.containerPort("client")
        let httpPort = try Manifests.containerPort("http")
        for (ordinal, center) in centers.enumerated() {
            let id = UInt64(ordinal + 1)
            let file = "node-\(id).json"
            let text = try #require(configs[file], "center-node-configs has no \(file) for pod center-node-\(ordinal)")
            let config: NodeConfig
            do throws(ConfigError) {
                config = try NodeConfig.parse(Array(text.utf8), file: file)
            } catch {
                Issue.record("\(error.description)")
                continue
            }
            #expect(config.id == id, "\(file)")
            #expect(config.center == center, "\(file): pod center-node-\(ordinal) must run \(center)")
            #expect(config.members.map(\.center) == centers, "\(file): members in the topology's order")
            #expect(config.members.map(\.id) == centers.indices.map { UInt64($0 + 1) }, "\(file)")
            let allVote = config.members.allSatisfy(\.voter)
            #expect(allVote, "\(file): every center's node votes")
            #expect(config.preferredLeader == 1, "\(file)")
            #expect(config.dataDirectory.hasPrefix(dataMount + "/"), "\(file): the data directory is on the pod's volume")
            #expect(config.keys.secretKey == "\(runMount)/keys/node-\(id).key", "\(file): the owner-only copy of its key")
            for path in [config.keys.publicKey] + config.members.map(\.publicKey) + config.clientKeys + config.adminKeys {
                #expect(path.hasPrefix("\(publicKeys ?? "?")/"), "\(file): \(path) is not in center-node-public-keys")
            }
            // libzmq cannot bind a DNS name: the node binds every interface, and its own entry
            // must say the same (the node's check); the others are the pods' stable DNS names.
            #expect(config.endpoints.peer == "tcp://0.0.0.0:\(peerPort)", "\(file)")
            #expect(config.endpoints.client == "tcp://0.0.0.0:\(clientPort)", "\(file)")
            #expect(config.endpoints.http == "0.0.0.0:\(httpPort)", "\(file)")
            for member in config.members {
                let host = "center-node-\(member.id - 1).\(peerService).\(Manifests.namespace).svc.cluster.local"
                let peer = member.id == id ? config.endpoints.peer : "tcp://\(host):\(peerPort)"
                #expect(member.peer == peer, "\(file): member \(member.id)")
                #expect(member.client == "tcp://\(host):\(clientPort)", "\(file): member \(member.id)")
            }
        }
        // Node 1 is the topology's preferred leader.
        #expect(try Topology.preferredLeaderCenter() == centers.first)
    }

    @Test func secretKeysAreMountedOwnerOnlyAndCopiedPastFsGroup() throws {
        let template = try #require(try Manifests.statefulSet().node["spec"]?["template"]?["spec"])
        let volumes = template["volumes"]?.array() ?? []
        let secretVolume = try #require(volumes.first { $0["secret"]?["secretName"]?.string == "center-node-secret-keys" })
        #expect(secretVolume["secret"]?["defaultMode"]?.int == 0o400)
        let name = try #require(secretVolume["name"]?.string)
        let mount = try #require(try Manifests.mount(of: name))
        #expect(mount["readOnly"]?.bool == true)
        #expect(template["securityContext"]?["fsGroup"]?.int != nil)
        // With fsGroup the kubelet makes Secret files 0440, which the node refuses: the command
        // copies the key owner-only to where the configs look for it.
        let script = try Manifests.container()["command"]?.array().compactMap(\.string).joined(separator: " ") ?? ""
        let mountPath = try #require(mount["mountPath"]?.string)
        #expect(script.contains("\(mountPath)/node-$node.key"))
        #expect(script.contains("chmod 0400"))
        #expect(script.contains("exec center-node --config"))
        let run = try #require(volumes.first { $0["name"]?.string == "run" })
        #expect(run["emptyDir"]?["medium"]?.string == "Memory", "a secret key copy never touches a disk")
        // Every node's secret key is in the Secret, and every public key the configs name in the ConfigMap.
        let placeholders = try Manifests.object(kind: "Secret", name: "center-node-secret-keys")
        let secretKeys = Set(placeholders.node["stringData"]?.mapping?.keys.compactMap(\.string) ?? [])
        let nodeCount = try Topology.centers().count
        #expect(secretKeys == Set((1...nodeCount).map { "node-\($0).key" }))
        let publicKeys = try Manifests.object(kind: "ConfigMap", name: "center-node-public-keys")
        let publicNames = Set(publicKeys.node["data"]?.mapping?.keys.compactMap(\.string) ?? [])
        for (file, text) in try Manifests.nodeConfigs() {
            let config = try NodeConfig.parse(Array(text.utf8), file: file)
            let named = [config.keys.publicKey] + config.members.map(\.publicKey) + config.clientKeys + config.adminKeys
            for path in named {
                #expect(publicNames.contains(URL(fileURLWithPath: path).lastPathComponent), "\(file): \(path)")
            }
        }
    }

    @Test func probesAskReadyAndLiveNeverHealth() throws {
        let container = try Manifests.container()
        func probe(_ name: String) -> (path: String?, port: String?) {
            let get = container[name]?["httpGet"]
            return (get?["path"]?.string, get?["port"]?.string)
        }
        #expect(probe("readinessProbe").path == "/ready")
        #expect(probe("livenessProbe").path == "/live", "/health fails in a minority: restarting those pods worsens an outage")
        // A startup probe that needs a leader would kill the pods before the cluster ever forms.
        #expect(probe("startupProbe").path == "/live")
        let httpPort = String(try Manifests.containerPort("http"))
        for name in ["readinessProbe", "livenessProbe", "startupProbe"] {
            let port = try #require(probe(name).port, "\(name) has no port")
            #expect(port == "http" || port == httpPort, "\(name) port \(port)")
        }
    }

    @Test func podIsLockedDown() throws {
        let statefulSet = try Manifests.statefulSet()
        let template = try #require(statefulSet.node["spec"]?["template"])
        let pod = try #require(template["spec"])
        #expect(pod["securityContext"]?["runAsNonRoot"]?.bool == true)
        let container = try Manifests.container()
        let security = try #require(container["securityContext"])
        #expect(security["readOnlyRootFilesystem"]?.bool == true)
        #expect(security["allowPrivilegeEscalation"]?.bool == false)
        #expect(security["capabilities"]?["drop"]?.array().compactMap(\.string) == ["ALL"])
        for kind in ["requests", "limits"] {
            #expect(container["resources"]?[kind]?["cpu"] != nil && container["resources"]?[kind]?["memory"] != nil, "\(kind)")
        }
        // The node waits up to 10 s for a snapshot in progress when it stops, then closes its store.
        #expect((pod["terminationGracePeriodSeconds"]?.int ?? 0) > 10)
        let annotations = try #require(template["metadata"]?["annotations"])
        #expect(annotations["prometheus.io/scrape"]?.string == "true")
        let httpPort = String(try Manifests.containerPort("http"))
        #expect(annotations["prometheus.io/port"]?.string == httpPort)
        #expect(annotations["prometheus.io/path"]?.string == "/metrics")
        // Annotations are strings: unquoted, `true` and `7300` would be a bool and a number.
        for key in ["prometheus.io/scrape", "prometheus.io/port"] {
            let style = annotations[key]?.scalar?.style
            #expect(style == .doubleQuoted || style == .singleQuoted, "\(key) must be quoted")
        }
    }

    // MARK: Services and the budget

    @Test func servicesSelectThePodsAndTheirPorts() throws {
        let statefulSet = try Manifests.statefulSet()
        let podLabels = statefulSet.node["spec"]?["template"]?["metadata"]?["labels"]
        let ports = try Manifests.containerPorts()
        let services = try Manifests.objects().filter { $0.kind == "Service" }
        #expect(Set(services.map { $0.name }) == ["center-node-peers", "center-node-clients"])
        for service in services {
            let selector = service.node["spec"]?["selector"]?.mapping
            #expect(selector?.isEmpty == false, "\(service)")
            for (key, value) in selector ?? [:] {
                #expect(podLabels?[key] == value, "\(service): the pods have no label \(key.string ?? "?")")
            }
            for port in service.node["spec"]?["ports"]?.array() ?? [] {
                let target = port["targetPort"] ?? port["port"]
                let known = target?.int.map { number in ports.values.contains(number) } ?? ports.keys.contains(target?.string ?? "")
                #expect(known, "\(service): targetPort \(target?.string ?? "none") is no container port")
            }
        }
        let peers = try Manifests.object(kind: "Service", name: "center-node-peers")
        #expect(statefulSet.node["spec"]?["serviceName"]?.string == "center-node-peers")
        #expect(peers.node["spec"]?["clusterIP"]?.string == "None")
        // Nodes become ready only once they have elected, which needs them to find each other first.
        #expect(peers.node["spec"]?["publishNotReadyAddresses"]?.bool == true)
    }

    @Test func disruptionBudgetKeepsAMajorityOfTheVoters() throws {
        let budget = try #require(try Manifests.objects().first { $0.kind == "PodDisruptionBudget" })
        let replicas = try #require(try Manifests.statefulSet().node["spec"]?["replicas"]?.int)
        let (file, text) = try #require(try Manifests.nodeConfigs().first)
        let voters = try NodeConfig.parse(Array(text.utf8), file: file).members.filter(\.voter).count
        #expect(voters == replicas)
        let majority = voters / 2 + 1
        let maxUnavailable = try #require(budget.node["spec"]?["maxUnavailable"]?.int, "maxUnavailable must be a number of pods")
        #expect(maxUnavailable >= 1, "a budget of 0 blocks every drain")
        #expect(replicas - maxUnavailable >= majority, "\(replicas) voters less \(maxUnavailable) lose the majority of \(majority)")
        let podLabels = try Manifests.statefulSet().node["spec"]?["template"]?["metadata"]?["labels"]
        for (key, value) in budget.node["spec"]?["selector"]?["matchLabels"]?.mapping ?? [:] {
            #expect(podLabels?[key] == value)
        }
    }

    // MARK: The keys

    @Test(.enabled(if: canMakeKeys, "neither a built clusterctl with `keys generate` nor python3 with pyzmq is here"))
    func madeKeysPassTheNodesFileChecks() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("interflow-k8s-keys-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let bash = try #require(ExternalTool.locate("bash"))
        let script = ExternalTool.path("\(Self.directory)/make-secrets.sh")
        let made = try ExternalTool.run(bash, [script, "--out", directory])
        try #require(made.status == 0, "\(made.output)")
        // It never overwrites keys.
        #expect(try ExternalTool.run(bash, [script, "--out", directory]).status != 0)

        let keys = "\(directory)/keys"
        let objects = try Manifests.parse(try String(contentsOfFile: "\(directory)/center-node-keys.yaml", encoding: .utf8), file: "made")
        let secret = try #require(objects.first { $0.kind == "Secret" })
        let placeholder = try Manifests.object(kind: "Secret", name: "center-node-secret-keys")
        #expect(secret.name == placeholder.name)
        #expect(
            Set(secret.node["data"]?.mapping?.keys.compactMap(\.string) ?? [])
                == Set(placeholder.node["stringData"]?.mapping?.keys.compactMap(\.string) ?? []))
        for (key, value) in secret.node["data"]?.mapping ?? [:] {
            let name = try #require(key.string)
            let decoded = Data(base64Encoded: value.string ?? "").map { String(decoding: $0, as: UTF8.self) }
            let file = try String(contentsOfFile: "\(keys)/\(name)", encoding: .utf8)
            #expect(decoded == file, "\(name)")
        }
        let publicKeys = try #require(objects.first { $0.kind == "ConfigMap" })
        let publicPlaceholder = try Manifests.object(kind: "ConfigMap", name: "center-node-public-keys")
        #expect(publicKeys.name == publicPlaceholder.name)
        #expect(
            Set(publicKeys.node["data"]?.mapping?.keys.compactMap(\.string) ?? [])
                == Set(publicPlaceholder.node["data"]?.mapping?.keys.compactMap(\.string) ?? []))

        // Each node's config with its key paths pointed at the made files: the node's whole check,
        // key files included (the secret key is 0600 here, 0400 in the pod: owner-only both).
        for (file, text) in try Manifests.nodeConfigs() {
            var config = try NodeConfig.parse(Array(text.utf8), file: file)
            func local(_ path: String) -> String { "\(keys)/\(URL(fileURLWithPath: path).lastPathComponent)" }
            config.keys = .init(publicKey: local(config.keys.publicKey), secretKey: local(config.keys.secretKey))
            config.members = config.members.map { member in
                var member = member
                member.publicKey = local(member.publicKey)
                return member
            }
            config.clientKeys = config.clientKeys.map(local)
            config.adminKeys = config.adminKeys.map(local)
            let problems = config.fileProblems.map { "\($0.field): \($0.problem)" }
            #expect(problems.isEmpty, "\(file): \(problems)")
        }
    }
}

/// The manifests, parsed with Yams into nodes (kept typed: a quoted "7300" is not the number 7300).
private enum Manifests {
    static let namespace = "interflow"

    struct Object: CustomStringConvertible {
        var file: String
        var node: Node
        var kind: String { node["kind"]?.string ?? "" }
        var name: String { node["metadata"]?["name"]?.string ?? "" }
        var description: String { "\(file): \(kind) \(name)" }
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    static func files() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: ExternalTool.path(KubernetesManifestTests.directory))
            .filter { $0.hasSuffix(".yaml") }.sorted()
    }

    static func parse(_ text: String, file: String) throws -> [Object] {
        var documents = try Yams.compose_all(yaml: text)
        var objects: [Object] = []
        while let node = documents.next() { objects.append(Object(file: file, node: node)) }
        // The sequence ends at the first error and keeps it.
        if let error = documents.error { throw error }
        return objects
    }

    static func document(_ file: String) throws -> Node {
        let text = try String(contentsOfFile: ExternalTool.path("\(KubernetesManifestTests.directory)/\(file)"), encoding: .utf8)
        guard let node = try parse(text, file: file).first?.node else { throw Missing(description: "\(file) is empty") }
        return node
    }

    static func objects() throws -> [Object] {
        try files().filter { $0 != "kustomization.yaml" }.flatMap { file in
            try parse(String(contentsOfFile: ExternalTool.path("\(KubernetesManifestTests.directory)/\(file)"), encoding: .utf8), file: file)
        }
    }

    static func object(kind: String, name: String) throws -> Object {
        guard let found = try objects().first(where: { $0.kind == kind && $0.name == name }) else {
            throw Missing(description: "no \(kind) \(name) in \(KubernetesManifestTests.directory)")
        }
        return found
    }

    static func statefulSet() throws -> Object {
        try object(kind: "StatefulSet", name: "center-node")
    }

    static func container() throws -> Node {
        guard let container = try statefulSet().node["spec"]?["template"]?["spec"]?["containers"]?.array().first else {
            throw Missing(description: "the StatefulSet has no container")
        }
        return container
    }

    /// Container port numbers by name.
    static func containerPorts() throws -> [String: Int] {
        var ports: [String: Int] = [:]
        for port in try container()["ports"]?.array() ?? [] {
            if let name = port["name"]?.string, let number = port["containerPort"]?.int { ports[name] = number }
        }
        return ports
    }

    static func containerPort(_ name: String) throws -> Int {
        guard let port = try containerPorts()[name] else { throw Missing(description: "no container port named \(name)") }
        return port
    }

    static func mount(of volume: String) throws -> Node? {
        try container()["volumeMounts"]?.array().first { $0["name"]?.string == volume }
    }

    static func mountPath(of volume: String) throws -> String? {
        try mount(of: volume)?["mountPath"]?.string
    }

    /// center-node-configs: file name → JSON text.
    static func nodeConfigs() throws -> [(file: String, text: String)] {
        let configMap = try object(kind: "ConfigMap", name: "center-node-configs")
        let entries = configMap.node["data"]?.mapping.map { Array($0) } ?? []
        return entries.compactMap { key, value in
            guard let file = key.string, let text = value.string else { return nil }
            return (file, text)
        }.sorted { $0.file.localizedStandardCompare($1.file) == .orderedAscending }
    }
}

/// Deploy/topology/china-2020.json, read as plain JSON: the centers in order.
private enum Topology {
    static let file = "Deploy/topology/china-2020.json"

    static func centerObjects() throws -> [[String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: ExternalTool.path(file)))
        let root = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return root?["centers"] as? [[String: Any]] ?? []
    }

    static func centers() throws -> [String] {
        try centerObjects().compactMap { $0["id"] as? String }
    }

    static func preferredLeaderCenter() throws -> String? {
        try centerObjects().first { $0["preferredLeader"] as? Bool == true }?["id"] as? String
    }
}
