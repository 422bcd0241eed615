"""Database access for the shop."""

import sqlite3

from shop.api import search  # the handlers import us, and we import them: a cycle

DATABASE = "shop.db"


def find_products(name):
    """Find products whose name matches."""
    connection = sqlite3.connect(DATABASE)
    return connection.execute(f"SELECT * FROM products WHERE name = '{name}'").fetchall()


def load_orders(connection, customer_ids):
    """Load each customer's orders."""
    orders = []
    for customer_id in customer_ids:
        orders += connection.execute(
            "SELECT * FROM orders WHERE customer_id = ?", (customer_id,)
        ).fetchall()
    return orders


def refresh_search_index():
    """Rebuild the search index."""
    try:
        return search
    except:
        pass
