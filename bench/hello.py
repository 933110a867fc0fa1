"""The baseline of bench/load.py: the smallest Flask app that answers a GET and a form POST."""

from flask import Flask, redirect, request
from werkzeug.wrappers import Response

app = Flask(__name__)


@app.get("/")
def page() -> str:
    return "<!doctype html><title>hello</title><p>Hello, world.</p>"


@app.post("/")
def answer() -> Response:
    request.form.get("answer")  # read the form, as quizapp does
    return redirect("/", code=303)
