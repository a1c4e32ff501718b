"""Tables as files: .xlsx and .csv (``xlsx``), and the app's tables as sheets (``tables``)."""
