"""csvpipe.handler: the Lambda entry point (``csvpipe.handler.lambda_function.handler``).

Reading order: ``lambda_function`` (event → records → outcome log lines and metrics), ``events``
(keys and output names), ``process`` (one object version: claim → profile → write → complete),
``memory`` (the ceiling that makes running out of memory a report), ``failure_injection``
(experiment D). Import-free so that the cold start pays only for what runs.
"""
