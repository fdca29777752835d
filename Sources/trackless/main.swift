print("trackless")
