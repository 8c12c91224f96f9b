"""csvpipe.adapters"""
