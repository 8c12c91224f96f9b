"""csvpipe: a serverless CSV ingestion pipeline and an emulator-vs-AWS measurement suite.

Kept import-free on purpose: this file ships inside the Lambda zip, and every import here would be
paid on each cold start.
"""

__version__ = "0.1.0"
