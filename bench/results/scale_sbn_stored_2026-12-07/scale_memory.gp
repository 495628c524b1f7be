set encoding utf8
set terminal pngcairo size 900,560 noenhanced font 'Sans,11' linewidth 1.5
set output 'scale_memory.png'
set logscale xy
set grid
set key top left
set xlabel 'neurons per trial'
set ylabel 'peak host memory above baseline (bytes)'
set title 'Memory against network size'
f0(x) = 5798.2781728674099 * x**0.94347455482440146
plot 'scale_memory.dat' index 0 using 1:2 with points pointtype 7 linecolor 1 title 'batch 1, 1 thread: exponent 0.943', \
     f0(x) with lines linecolor 1 notitle

set output
set terminal svg size 900,560 noenhanced font 'Sans,11' linewidth 1.5 background rgb 'white'
set output 'scale_memory.svg'
set logscale xy
set grid
set key top left
set xlabel 'neurons per trial'
set ylabel 'peak host memory above baseline (bytes)'
set title 'Memory against network size'
f0(x) = 5798.2781728674099 * x**0.94347455482440146
plot 'scale_memory.dat' index 0 using 1:2 with points pointtype 7 linecolor 1 title 'batch 1, 1 thread: exponent 0.943', \
     f0(x) with lines linecolor 1 notitle

set output
