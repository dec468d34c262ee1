/**
 * Applications built around one server object that hands out its stores and handlers (`hs.get_store()`,
 * `hs.get_room_handler()`), every handler's constructor copying the server's other handlers into `self` (Synapse's
 * shape). The getters' and constructors' summaries return objects whose attributes all hold labels of the server
 * parameter; `Substitution.value` builds of them only what a stored value keeps (`bounded`; the mechanism itself
 * is pinned in value.test.ts). This fixture pins the flows through such a registry end to end: a request
 * parameter through a servlet's handler to the response, and through a store the server builds to its query.
 */
import { describe, it } from "vitest";
import { expectAnnotated } from "./harness.js";

const server = `
  import sqlite3


  class Clock:
      def __init__(self, reactor):
          self._reactor = reactor
          self._calls = []

      def time_msec(self):
          return 0


  class RoomStore:
      def __init__(self, hs: "HomeServer"):
          self.db = sqlite3.connect(hs.config.database_path)
          self.clock = hs.get_clock()
          self.hostname = hs.hostname

      def find_rooms(self, name):
          cur = self.db.cursor()
          # ruleid: sql
          cur.execute("SELECT room_id FROM rooms WHERE name = '%s'" % name)
          return cur.fetchall()

      def count_rooms(self, name):
          cur = self.db.cursor()
          # ok: sql
          cur.execute("SELECT count(*) FROM rooms WHERE name = ?", (name,))
          return cur.fetchone()


  class Notifier:
      def __init__(self, hs: "HomeServer"):
          self.hs = hs
          self.clock = hs.get_clock()
          self.store = hs.get_store()
          self.server_name = hs.hostname
          self.listeners = {}
          self.pending = []


  class AuthHandler:
      def __init__(self, hs: "HomeServer"):
          self.hs = hs
          self.store = hs.get_store()
          self.clock = hs.get_clock()
          self.notifier = hs.get_notifier()
          self.server_name = hs.hostname
          self.secret = hs.config.macaroon_secret


  class PresenceHandler:
      def __init__(self, hs: "HomeServer"):
          self.hs = hs
          self.store = hs.get_store()
          self.clock = hs.get_clock()
          self.notifier = hs.get_notifier()
          self.server_name = hs.hostname
          self.presence_enabled = hs.config.use_presence
          self.users_going_offline = {}
          self.wheel_timer = []


  class ProfileHandler:
      def __init__(self, hs: "HomeServer"):
          self.hs = hs
          self.store = hs.get_store()
          self.clock = hs.get_clock()
          self.auth = hs.get_auth_handler()
          self.presence = hs.get_presence_handler()
          self.server_name = hs.hostname
          self.max_avatar_size = hs.config.max_avatar_size
          self.allowed_avatar_mimetypes = hs.config.allowed_avatar_mimetypes


  class RoomHandler:
      def __init__(self, hs: "HomeServer"):
          self.hs = hs
          self.store = hs.get_store()
          self.clock = hs.get_clock()
          self.auth = hs.get_auth_handler()
          self.notifier = hs.get_notifier()
          self.presence = hs.get_presence_handler()
          self.profile = hs.get_profile_handler()
          self.server_name = hs.hostname
          self.config = hs.config
          self.limit = hs.config.room_limit
          self.creation_presets = hs.config.room_presets
          self.third_party_rules = hs.config.third_party_rules

      def search(self, name):
          rooms = self.store.find_rooms(name)
          self.notifier.pending.append(name)
          return rooms

      def count(self, name):
          return self.store.count_rooms(name)


  class HomeServer:
      def __init__(self, hostname, config, reactor):
          self.hostname = hostname
          self.config = config
          self._reactor = reactor
          self._store = None
          self._clock = None
          self._notifier = None
          self._auth_handler = None
          self._room_handler = None
          self._presence_handler = None
          self._profile_handler = None

      def get_clock(self):
          if self._clock is None:
              self._clock = Clock(self._reactor)
          return self._clock

      def get_store(self):
          if self._store is None:
              self._store = RoomStore(self)
          return self._store

      def get_notifier(self):
          if self._notifier is None:
              self._notifier = Notifier(self)
          return self._notifier

      def get_auth_handler(self):
          if self._auth_handler is None:
              self._auth_handler = AuthHandler(self)
          return self._auth_handler

      def get_presence_handler(self):
          if self._presence_handler is None:
              self._presence_handler = PresenceHandler(self)
          return self._presence_handler

      def get_profile_handler(self):
          if self._profile_handler is None:
              self._profile_handler = ProfileHandler(self)
          return self._profile_handler

      def get_room_handler(self):
          if self._room_handler is None:
              self._room_handler = RoomHandler(self)
          return self._room_handler
`;

describe("a server object handing out stores and handlers", () => {
  it("a request parameter reaches the store's query through handlers the server builds", async () => {
    await expectAnnotated({
      "server.py": server,
      "app.py": `
        from flask import Flask, request
        from server import HomeServer

        app = Flask(__name__)
        hs = HomeServer("example.com", app.config, None)


        class RoomListServlet:
            def __init__(self, hs: HomeServer):
                self.hs = hs
                self.handler = hs.get_room_handler()
                self.auth = hs.get_auth_handler()
                self.store = hs.get_store()
                self.clock = hs.get_clock()

            def on_get(self, name):
                return self.handler.search(name)


        servlet = RoomListServlet(hs)


        @app.route("/rooms")
        def rooms():
            # ruleid: xss
            return str(servlet.on_get(request.args["name"]))


        @app.route("/rooms/search")
        def search():
            return str(hs.get_store().find_rooms(request.args["name"]))


        @app.route("/rooms/count")
        def room_count():
            return str(hs.get_store().count_rooms(request.args["name"]))
      `,
    });
  });
});
