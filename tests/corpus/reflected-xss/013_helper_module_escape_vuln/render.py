def welcome_banner(name):
    return f"<p class='welcome'>Welcome back, {name}</p>"
