"""Settings of the bare spider (A): none. Scrapy's defaults apply, as for a spider a user writes first.

Named by ``SCRAPY_SETTINGS_MODULE`` so that no project settings (``scrapy.cfg``) reach spider A.
"""
