"""What the browser downloads: the checker's wheel and Pyodide runtime, the service worker, the search index."""
