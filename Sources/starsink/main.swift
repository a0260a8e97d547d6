print("starsink")
