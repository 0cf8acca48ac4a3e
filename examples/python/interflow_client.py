#!/usr/bin/env python3
"""A minimal Interflow client in Python with pyzmq: opens a ticket, adds a line to its
history, reads it back linearizably from another node, appends twenty notes pipelined on one
socket (answers matched by requestId) and lists the open tickets.

    pip install pyzmq
    clusterctl local up --nodes 3 --dir /tmp/interflow
    python3 examples/python/interflow_client.py /tmp/interflow

The cluster folder's cluster.json names every node's client endpoint and the key files;
docs/API.md documents every operation, field and error code.
"""
import json
import sys
import uuid

import zmq

TIMEOUT_MS = 10_000
RETRYABLE = {"no_quorum", "leader_changed", "timeout", "busy", "unavailable"}


def read_key(path):
    with open(path, "rb") as handle:
        return handle.read().strip()


class Node:
    """One node's client endpoint, over CURVE with the cluster's client key."""

    def __init__(self, context, cluster, node):
        self.socket = context.socket(zmq.DEALER)
        self.socket.curve_publickey = read_key(cluster["clientKey"]["publicKey"])
        self.socket.curve_secretkey = read_key(cluster["clientKey"]["secretKey"])
        self.socket.curve_serverkey = read_key(node["publicKey"])
        self.socket.setsockopt(zmq.LINGER, 0)
        self.socket.connect(node["client"])
        self.name = f"node {node['id']} ({node['center']})"

    def call(self, op, args=None, request_id=None, **options):
        """Sends one request and returns its result, or raises with the error's code."""
        request = {"v": 1, "op": op, "args": args or {}, **options}
        if request_id:
            request["requestId"] = request_id
        self.socket.send(json.dumps(request).encode())
        if not self.socket.poll(TIMEOUT_MS):
            raise RuntimeError(f"{self.name}: no answer to {op} within {TIMEOUT_MS} ms")
        answer = json.loads(self.socket.recv())
        if not answer["ok"]:
            error = answer["error"]
            raise RuntimeError(f"{self.name}: {op} failed: {error['code']}: {error['message']}")
        return answer["result"]

    def write(self, op, args, attempts=5):
        """A write with one request id for all its attempts: a retry is applied at most once."""
        request_id = f"example-{uuid.uuid4()}"
        for attempt in range(attempts):
            try:
                return self.call(op, args, request_id=request_id)
            except RuntimeError as error:
                if attempt + 1 == attempts or not any(code in str(error) for code in RETRYABLE):
                    raise


    def pipeline(self, op, args_list):
        """Many requests in flight on one socket: all are sent at once, and the answers, which come
        back in any order, are matched by requestId. Returns the results in the order asked."""
        pending = {}
        for position, args in enumerate(args_list):
            request_id = f"example-{uuid.uuid4()}"
            self.socket.send(json.dumps({"v": 1, "op": op, "requestId": request_id, "args": args}).encode())
            pending[request_id] = position
        results = [None] * len(args_list)
        while pending:
            if not self.socket.poll(TIMEOUT_MS):
                raise RuntimeError(f"{self.name}: {len(pending)} {op} answers missing after {TIMEOUT_MS} ms")
            answer = json.loads(self.socket.recv())
            position = pending.pop(answer.get("requestId"), None)
            if position is None:
                continue
            if not answer["ok"]:
                error = answer["error"]
                raise RuntimeError(f"{self.name}: {op} failed: {error['code']}: {error['message']}")
            results[position] = answer["result"]
        return results


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: interflow_client.py CLUSTER_DIR")
    with open(f"{sys.argv[1]}/cluster.json") as handle:
        cluster = json.load(handle)
    context = zmq.Context()
    nodes = [Node(context, cluster, node) for node in cluster["nodes"]]
    first, last = nodes[0], nodes[-1]

    status = first.call("cluster.status")
    print(f"leader: {status['leader']}, term {status['node']['term']}")

    created = first.write("ticket.create", {"title": "Loan deferral for a Wuhan customer", "text": "Customer asks to defer February's payment."})
    ticket = created["ticket"]
    print(f"created ticket {ticket['id']} at index {created['appliedIndex']}")

    first.write("ticket.append", {"ticketId": ticket["id"], "text": "Deferral approved by the branch."})
    # Linearizable by default: the other node answers only once it has applied the append.
    read = last.call("ticket.get", {"ticketId": ticket["id"]})
    print(f"{last.name} sees {len(read['history'])} history lines: {[line['text'] for line in read['history']]}")

    notes = first.pipeline("ticket.append", [{"ticketId": ticket["id"], "text": f"Call note {n}."} for n in range(20)])
    print(f"{len(notes)} pipelined appends committed, the last at index {max(note['appliedIndex'] for note in notes)}")

    page = last.call("ticket.list", {"state": "open", "limit": 10})
    print(f"open tickets: {[t['id'] for t in page['tickets']]}")
    context.destroy(linger=0)
    print("ok")


if __name__ == "__main__":
    main()
