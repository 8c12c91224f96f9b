"""csvpipe.core"""
