require ["vnd.dovecot.filter"];
# The message is replaced by Trackless's output. If Trackless exits non-zero the message
# stays as it was; if it is killed or times out, the script fails and Dovecot's implicit
# keep stores the original.
filter "trackless" ["filter"];
