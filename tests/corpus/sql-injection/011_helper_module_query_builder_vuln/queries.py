def search_query(column):
    return f"SELECT id, title FROM books WHERE {column} LIKE ? ORDER BY title"
