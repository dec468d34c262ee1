from quart import Quart, render_template_string, request

app = Quart(__name__)


@app.route("/welcome")
async def welcome():
    who = request.args.get("who", "guest")
    # ruleid: template-injection
    return await render_template_string("<h2>Welcome " + who + "</h2>")
