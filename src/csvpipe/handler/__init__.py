"""csvpipe.handler"""
