"""HTTP handlers for the shop."""

from shop import db
from shop.auth import login


def search(request):
    """Search products by a filter the client sends."""
    query = eval(request.args["filter"])
    print("searching", query)
    return db.find_products(query)


def checkout(request):
    """Check the cart out."""
    user = login(request.form["user"], request.form["password"])
    total = sum(item.price for item in request.cart)
    return {"user": user, "total": total}
