"""Deploying the pipeline: targets (ministack | localstack | aws), the MiniStack process, the Lambda
zip, and CloudFormation create/update/destroy.

Modules, in the order a deploy uses them: ``targets`` (endpoint + credentials), ``emulator`` (MiniStack
child process and its state file), ``packaging`` (reproducible zip), ``template`` (the one template),
``artifacts`` (code bucket, emptying buckets), ``stack`` (change sets, waiting, outputs). Import the
modules directly; this file stays empty so importing the package costs nothing.
"""
