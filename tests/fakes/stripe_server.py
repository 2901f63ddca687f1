"""A fake Stripe API on loopback for tests (there is no internet): the endpoints MPanel calls,
answered with Stripe-shaped JSON from form-encoded requests, as the real API does. It records
what MPanel sent, honours idempotency keys, and can be told that a card declines or needs
authentication. `sign()` signs webhook payloads with Stripe's real scheme."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

SUCCEEDS, DECLINES, NEEDS_ACTION = "succeeded", "card_declined", "requires_action"


@dataclass
class Sent:
    method: str
    path: str
    params: dict[str, str]
    api_key: str | None
    idempotency_key: str | None

    def metadata(self) -> dict[str, str]:
        return {k[9:-1]: v for k, v in self.params.items() if k.startswith("metadata[")}


@dataclass
class FakeStripe:
    url: str = ""
    sent: list[Sent] = field(default_factory=list)
    customers: dict[str, dict[str, Any]] = field(default_factory=dict)
    cards: dict[str, dict[str, Any]] = field(default_factory=dict)  # payment method id -> object
    behaviour: dict[str, str] = field(default_factory=dict)  # payment method id -> outcome
    intents: dict[str, dict[str, Any]] = field(default_factory=dict)
    charges: dict[str, dict[str, Any]] = field(default_factory=dict)
    setup_intents: dict[str, dict[str, Any]] = field(default_factory=dict)
    _idempotent: dict[tuple[str | None, str], tuple[int, dict[str, Any]]] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def new_id(self, prefix: str) -> str:
        return f"{prefix}_fake{next(self._ids):06d}"

    def calls(self, method: str, path_prefix: str) -> list[Sent]:
        return [s for s in self.sent if s.method == method and s.path.startswith(path_prefix)]

    def add_card(self, customer: str, *, behaviour: str = SUCCEEDS, brand: str = "visa", last4: str = "4242") -> str:
        method_id = self.new_id("pm")
        self.cards[method_id] = {
            "id": method_id,
            "object": "payment_method",
            "type": "card",
            "customer": customer,
            "card": {"brand": brand, "last4": last4, "exp_month": 12, "exp_year": 2030},
            "created": int(time.time()),
        }
        self.behaviour[method_id] = behaviour
        return method_id

    # --- the API --------------------------------------------------------------------------

    def handle(self, method: str, path: str, params: dict[str, str]) -> tuple[int, dict[str, Any]]:
        parts = path.strip("/").split("/")
        if method == "POST" and path == "/v1/customers":
            return self._customer(params)
        if method == "POST" and path == "/v1/setup_intents":
            return self._setup_intent(params)
        if method == "POST" and path == "/v1/payment_intents":
            return self._payment_intent(params)
        if method == "POST" and len(parts) == 4 and parts[:2] == ["v1", "payment_intents"] and parts[3] == "confirm":
            return self._confirm(self.intents.get(parts[2]), params)
        if method == "GET" and len(parts) == 3 and parts[:2] == ["v1", "payment_intents"]:
            intent = self.intents.get(parts[2])
            return (200, intent) if intent else _missing("payment_intent", parts[2])
        if method == "GET" and path == "/v1/payment_methods":
            return self._list_cards(params)
        if method == "POST" and path == "/v1/refunds":
            return self._refund(params)
        return 404, {
            "error": {"type": "invalid_request_error", "message": f"Unrecognized request URL ({method}: {path})"}
        }

    def _customer(self, params: dict[str, str]) -> tuple[int, dict[str, Any]]:
        customer_id = self.new_id("cus")
        customer: dict[str, Any] = {
            "id": customer_id,
            "object": "customer",
            "email": params.get("email"),
            "name": params.get("name"),
            "metadata": _metadata(params),
            "livemode": False,
        }
        self.customers[customer_id] = customer
        return 200, customer

    def _setup_intent(self, params: dict[str, str]) -> tuple[int, dict[str, Any]]:
        if params.get("customer") not in self.customers:
            return _missing("customer", params.get("customer"))
        intent_id = self.new_id("seti")
        intent = {
            "id": intent_id,
            "object": "setup_intent",
            "client_secret": f"{intent_id}_secret_fake",
            "customer": params["customer"],
            "status": "requires_payment_method",
            "usage": params.get("usage", "off_session"),
            "payment_method": None,
            "metadata": _metadata(params),
            "livemode": False,
        }
        self.setup_intents[intent_id] = intent
        return 200, intent

    def _payment_intent(self, params: dict[str, str]) -> tuple[int, dict[str, Any]]:
        if params.get("customer") and params["customer"] not in self.customers:
            return _missing("customer", params["customer"])
        intent_id = self.new_id("pi")
        intent = {
            "id": intent_id,
            "object": "payment_intent",
            "amount": int(params["amount"]),
            "amount_received": 0,
            "currency": params["currency"],
            "customer": params.get("customer"),
            "status": "requires_payment_method",
            "client_secret": f"{intent_id}_secret_fake",
            "payment_method": None,
            "metadata": _metadata(params),
            "last_payment_error": None,
            "latest_charge": None,
            "next_action": None,
            "livemode": False,
            "created": int(time.time()),
        }
        self.intents[intent_id] = intent
        if params.get("confirm") == "true":
            return self._confirm(intent, params)
        return 200, intent

    def _confirm(self, intent: dict[str, Any] | None, params: dict[str, str]) -> tuple[int, dict[str, Any]]:
        if intent is None:
            return _missing("payment_intent", None)
        method = params.get("payment_method") or intent["payment_method"]
        card = self.cards.get(method or "")
        if card is None or card["customer"] != intent["customer"]:
            return _missing("payment_method", method)
        intent["payment_method"] = method
        outcome = self.behaviour.get(method, SUCCEEDS)
        if outcome == DECLINES or (outcome == NEEDS_ACTION and params.get("off_session") == "true"):
            code = "card_declined" if outcome == DECLINES else "authentication_required"
            error = {
                "type": "card_error",
                "code": code,
                "decline_code": "generic_decline" if outcome == DECLINES else "authentication_required",
                "message": "Your card was declined."
                if outcome == DECLINES
                else "This payment requires authentication.",
            }
            intent.update(status="requires_payment_method", last_payment_error=error)
            return 402, {"error": {**error, "payment_intent": intent}}
        if outcome == NEEDS_ACTION:
            intent.update(status="requires_action", next_action={"type": "use_stripe_sdk"})
            return 200, intent
        charge_id = self.new_id("ch")
        self.charges[charge_id] = {
            "id": charge_id,
            "object": "charge",
            "amount": intent["amount"],
            "amount_captured": intent["amount"],
            "amount_refunded": 0,
            "currency": intent["currency"],
            "customer": intent["customer"],
            "payment_intent": intent["id"],
            "paid": True,
            "refunded": False,
            "status": "succeeded",
            "metadata": {},
        }
        intent.update(status="succeeded", amount_received=intent["amount"], latest_charge=charge_id)
        return 200, intent

    def _list_cards(self, params: dict[str, str]) -> tuple[int, dict[str, Any]]:
        cards = [c for c in self.cards.values() if c["customer"] == params.get("customer")]
        cards.sort(key=lambda c: c["id"], reverse=True)
        return 200, {"object": "list", "url": "/v1/payment_methods", "has_more": False, "data": cards}

    def _refund(self, params: dict[str, str]) -> tuple[int, dict[str, Any]]:
        intent = self.intents.get(params.get("payment_intent", ""))
        if intent is None or intent["status"] != "succeeded":
            return _missing("payment_intent", params.get("payment_intent"))
        charge = self.charges[intent["latest_charge"]]
        amount = int(params.get("amount") or charge["amount"] - charge["amount_refunded"])
        if amount > charge["amount"] - charge["amount_refunded"]:
            return 400, {"error": {"type": "invalid_request_error", "code": "amount_too_large", "message": "Too much."}}
        charge["amount_refunded"] += amount
        charge["refunded"] = charge["amount_refunded"] == charge["amount"]
        refund = {
            "id": self.new_id("re"),
            "object": "refund",
            "amount": amount,
            "currency": charge["currency"],
            "payment_intent": intent["id"],
            "charge": charge["id"],
            "status": "succeeded",
        }
        return 200, refund

    # --- webhooks -------------------------------------------------------------------------

    def event(self, kind: str, obj: dict[str, Any], *, event_id: str | None = None) -> dict[str, Any]:
        return {
            "id": event_id or self.new_id("evt"),
            "object": "event",
            "api_version": "2026-10-28.endive",
            "created": int(time.time()),
            "type": kind,
            "livemode": False,
            "pending_webhooks": 1,
            "data": {"object": json.loads(json.dumps(obj))},
        }

    def charge_of(self, intent_id: str) -> dict[str, Any]:
        return self.charges[self.intents[intent_id]["latest_charge"]]


def sign(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    """Stripe's Stripe-Signature header: t=<unix time>,v1=HMAC-SHA256(secret, "<t>.<payload>")."""
    stamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{stamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={stamp},v1={digest}"


def _metadata(params: dict[str, str]) -> dict[str, str]:
    return {k[9:-1]: v for k, v in params.items() if k.startswith("metadata[")}


def _missing(kind: str, value: object) -> tuple[int, dict[str, Any]]:
    return 404, {
        "error": {"type": "invalid_request_error", "code": "resource_missing", "message": f"No such {kind}: {value}"}
    }


def _handler(fake: FakeStripe) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            split = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode() if length else ""
            params = dict(parse_qsl(body or split.query, keep_blank_values=True))
            auth = self.headers.get("Authorization") or ""
            api_key = auth[7:] if auth.startswith("Bearer ") else None
            idempotency_key = self.headers.get("Idempotency-Key")
            with fake._lock:
                fake.sent.append(Sent(self.command, split.path, params, api_key, idempotency_key))
                if not api_key or not api_key.startswith(("sk_", "rk_")):
                    status, answer = 401, {"error": {"type": "invalid_request_error", "message": "Invalid API Key."}}
                elif idempotency_key and (api_key, idempotency_key) in fake._idempotent:
                    status, answer = fake._idempotent[(api_key, idempotency_key)]
                else:
                    status, answer = fake.handle(self.command, split.path, params)
                    if idempotency_key and self.command == "POST":
                        fake._idempotent[(api_key, idempotency_key)] = (status, json.loads(json.dumps(answer)))
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Request-Id", f"req_{len(fake.sent)}")
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_DELETE = _serve  # noqa: N815 (http.server names them)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


class StripeServer:
    """Runs a FakeStripe on 127.0.0.1 on a free port in a thread."""

    def __init__(self) -> None:
        self.fake = FakeStripe()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.fake))
        self.fake.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FakeStripe:
        self._thread.start()
        return self.fake

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


if __name__ == "__main__":  # the browser tests run it beside `mpanel serve` (scripts/e2e.sh), until killed
    with StripeServer() as running:
        print(running.url, flush=True)  # noqa: T201 (the caller reads the address)
        threading.Event().wait()
