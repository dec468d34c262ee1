import tornado.web
from tornado import template


class CardHandler(tornado.web.RequestHandler):
    def get(self):
        caption = self.get_argument("caption", "")
        # ok: template-injection
        card = template.Template("<figure>{{ caption }}</figure>").generate(caption=caption)
        self.set_header("Content-Type", "text/plain")
        self.finish(card)
