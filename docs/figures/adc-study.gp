# Model A on Fashion-MNIST: accuracy_hw against ADC bits for each crossbar size measured,
# without and with one epoch of ADC-aware fine-tuning (docs/accuracy.md).
# Data: build/tests/hw_accuracy_bench adc ROWS 10000 1000 500 > docs/figures/adc-study-ROWS.dat
# Run from the repository root: gnuplot docs/figures/adc-study.gp
rows = "64 128 256"   # the crossbar sizes with a data file
set terminal svg size 720,440 dynamic font "sans,12"
set output "docs/figures/adc-study.svg"
set title "Model A, Fashion-MNIST: accuracy through the crossbars (mnsim-2024, 1-bit DACs and cells)" noenhanced
set xlabel "ADC resolution (bits)"
set ylabel "accuracy_hw (%)" noenhanced
set yrange [0:100]
set xrange [2.5:9.5]
set xtics 1
set grid
set key top left
plot for [r in rows] "docs/figures/adc-study-".r.".dat" using 2:($3*100) with linespoints lw 2 title r." rows", \
     for [r in rows] "docs/figures/adc-study-".r.".dat" using 2:($4*100) with linespoints dt 2 lw 2 title r." rows, fine-tuned"
