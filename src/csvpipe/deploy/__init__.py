"""csvpipe.deploy"""
