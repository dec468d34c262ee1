from bottle import request, route, template


@route("/badge")
def badge():
    label = request.query.get("label", "")
    # ruleid: template-injection
    return template("<span class='badge'>" + label + "</span>")
