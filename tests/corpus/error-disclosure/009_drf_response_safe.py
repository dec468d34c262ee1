from rest_framework.response import Response
from rest_framework.views import APIView


class SyncView(APIView):
    def post(self, request):
        try:
            sync_inventory()
        except ConnectionError as exc:
            # ok: error-disclosure
            return Response({"detail": "inventory sync unavailable"}, status=503)
        return Response({"synced": True})


def sync_inventory():
    raise ConnectionError("inventory-db.internal:5432 refused the connection")
