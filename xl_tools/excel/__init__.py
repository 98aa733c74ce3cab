"""The live-workbook back end: reading and writing an open workbook through xlwings.

`xl_tools.button` joins these to the same reading, computing and writing plans as the
file back end. Nothing here imports xlwings at module level, so ``import xl_tools`` stays
light where xlwings is not installed.
"""
