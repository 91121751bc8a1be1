$j = @"
{"Name":"DB1","Size":12,"T":[1,"a",{"b":null}],"I":{"x":1.5}}
"@
$j | ConvertFrom-Json | ? { $_.Size -gt 1 } | fl
ConvertFrom-Json "[[[[]]]]"
"{bad" | ConvertFrom-Json
Import-Csv /dev/null
Import-Csv /nonexistent.csv -Header a,a
