"""csvpipe.experiments"""
