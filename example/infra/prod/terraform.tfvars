db_password = "Hn3xQ9vLr2TcWp8sKm5dYb7zAe4fJg6u"
