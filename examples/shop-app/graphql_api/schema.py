"""The dashboard's GraphQL schema (graphene): order queries and an invoice mutation."""
import os
import sqlite3
import subprocess

import graphene

DB_PATH = os.environ.get("SHOP_DB", "/var/lib/shop/shop.db")


class Order(graphene.ObjectType):
    id = graphene.Int()
    customer = graphene.String()
    status = graphene.String()


def _rows_to_orders(rows):
    return [Order(id=r[0], customer=r[1], status=r[2]) for r in rows]


class Query(graphene.ObjectType):
    orders_by_customer = graphene.List(Order, customer=graphene.String(required=True))
    orders_by_status = graphene.List(Order, status=graphene.String(required=True))

    def resolve_orders_by_customer(root, info, customer):
        with sqlite3.connect(DB_PATH) as conn:
            rows = conn.execute(f"SELECT id, customer, status FROM orders WHERE customer = '{customer}'").fetchall()
        return _rows_to_orders(rows)

    def resolve_orders_by_status(root, info, status):
        with sqlite3.connect(DB_PATH) as conn:
            rows = conn.execute("SELECT id, customer, status FROM orders WHERE status = ?", (status,)).fetchall()
        return _rows_to_orders(rows)


class ResendInvoice(graphene.Mutation):
    class Arguments:
        order_id = graphene.Int(required=True)
        email = graphene.String(required=True)

    ok = graphene.Boolean()

    def mutate(root, info, order_id, email):
        subprocess.run(f"invoice-mailer --order {order_id} --to {email}", shell=True, check=True)
        return ResendInvoice(ok=True)


class SendReceipt(graphene.Mutation):
    class Arguments:
        order_id = graphene.Int(required=True)
        email = graphene.String(required=True)

    ok = graphene.Boolean()

    def mutate(root, info, order_id, email):
        subprocess.run(["invoice-mailer", "--receipt", "--order", str(order_id), "--to", email], check=True)
        return SendReceipt(ok=True)


class Mutation(graphene.ObjectType):
    resend_invoice = ResendInvoice.Field()
    send_receipt = SendReceipt.Field()


schema = graphene.Schema(query=Query, mutation=Mutation)
